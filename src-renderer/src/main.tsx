import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { NoHost } from './components/NoHost';
import { startSession } from './session';
import { SessionProvider } from './sessionContext';
import { createTransport, NoHostError } from './transport';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

try {
  const session = startSession(createTransport());
  root.render(
    <StrictMode>
      <SessionProvider session={session}>
        <App />
      </SessionProvider>
    </StrictMode>,
  );
} catch (error) {
  if (!(error instanceof NoHostError)) throw error;
  root.render(<NoHost message={error.message} />);
}
