import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { NoHost } from './components/NoHost';
import { firstScreenReady, startSession } from './session';
import { SessionProvider } from './sessionContext';
import { createTransport, NoHostError } from './transport';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

/** The longest the first render waits for the block's bytes (see firstScreenReady). */
const FIRST_RENDER_WAIT_MS = 300;

try {
  const session = startSession(createTransport());
  void firstScreenReady(session, FIRST_RENDER_WAIT_MS).then(() =>
    root.render(
      <StrictMode>
        <SessionProvider session={session}>
          <App />
        </SessionProvider>
      </StrictMode>,
    ),
  );
} catch (error) {
  if (!(error instanceof NoHostError)) throw error;
  root.render(<NoHost message={error.message} />);
}
