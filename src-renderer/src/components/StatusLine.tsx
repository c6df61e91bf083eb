// The bottom line: which host serves this window and whether it is reachable.
import { useEffect, useState } from 'react';
import { useBlock, useConnection } from '../sessionContext';

export function StatusLine() {
  const status = useConnection((s) => s.status);
  const detail = useConnection((s) => s.detail);
  const retryAt = useConnection((s) => s.retryAt);
  const transport = useConnection((s) => s.transport);
  const hello = useBlock((s) => s.hello);
  const seconds = useCountdown(retryAt);
  const host = transport === 'electron' ? 'Electron' : 'browser host';
  return (
    <footer className={`status-line status-${status}`} data-testid="status-line" data-status={status}>
      <span className="dot" aria-hidden />
      {/* The live region announces a change of connection; the countdown stays out of it so it is not read every second. */}
      <span role="status" className="status-text">
        {status === 'online' && <span>Connected to the {host}</span>}
        {status === 'connecting' && <span>Connecting to the {host}…</span>}
        {status === 'offline' && (
          <span data-testid="offline-message">
            {detail ?? 'The host is unreachable.'} Start it again with <code>npm run web</code> if it stopped.
          </span>
        )}
      </span>
      {status === 'offline' && seconds !== null && <span data-testid="retry-countdown">Next try in {seconds} s.</span>}
      <span className="spacer" />
      {hello && (
        <span className="muted">
          {hello.platform} · v{hello.appVersion}
        </span>
      )}
    </footer>
  );
}

function useCountdown(until: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [until]);
  return until === null ? null : Math.max(0, Math.ceil((until - now) / 1000));
}
