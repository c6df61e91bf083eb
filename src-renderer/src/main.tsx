import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { NoHost } from './components/NoHost';
import { startSession } from './session';
import { createTransport, NoHostError } from './transport';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

try {
  startSession(createTransport());
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
} catch (error) {
  if (!(error instanceof NoHostError)) throw error;
  root.render(<NoHost message={error.message} />);
}
