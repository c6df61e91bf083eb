// The page tells its host whether it is shown (document.visibilityState: a
// background tab, a minimized Electron window are hidden), so that a block
// every window of which is hidden is polled only as often as its History
// needs (the host's HIDDEN_POLL_MS). Sent at start, at each change, and again
// after a reconnection: a host forgets a disconnected client's visibility.
import type { Transport } from '../transport';

/** Reports the page's visibility now, at each change and after each reconnection; returns a stop. */
export function reportVisibility(transport: Transport, page: Document = document): () => void {
  const send = () => {
    const visible = page.visibilityState !== 'hidden';
    // Best effort: a host that cannot take it only polls faster than it needs to.
    transport.api.call('setVisibility', { visible }).catch(() => undefined);
  };
  send();
  page.addEventListener('visibilitychange', send);
  let reportedEpoch = 1; // epoch 1 is the first connection: the start's report covers it
  const stopFollowing = transport.connection.subscribe((state) => {
    if (state.status !== 'online' || state.epoch <= reportedEpoch) return;
    reportedEpoch = state.epoch;
    send();
  });
  return () => {
    page.removeEventListener('visibilitychange', send);
    stopFollowing();
  };
}
