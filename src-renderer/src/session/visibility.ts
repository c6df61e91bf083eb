// The page tells its host whether it is shown (document.visibilityState: a
// background tab, a minimized Electron window are hidden), so that a block
// every window of which is hidden is polled only as often as its History
// needs (the host's HIDDEN_POLL_MS). Sent at each change, and at start and
// after a reconnection when hidden: a host counts a client it does not know
// (or forgot on its disconnect) as visible, so a visible start costs no call.
import type { Transport } from '../transport';

/** Reports the page's visibility at each change, and now and after each reconnection if hidden; returns a stop. */
export function reportVisibility(transport: Transport, page: Document = document): () => void {
  const hidden = () => page.visibilityState === 'hidden';
  const send = () => {
    // Best effort: a host that cannot take it only polls faster than it needs to.
    transport.api.call('setVisibility', { visible: !hidden() }).catch(() => undefined);
  };
  if (hidden()) send();
  page.addEventListener('visibilitychange', send);
  let reportedEpoch = 1; // epoch 1 is the first connection: the start's report covers it
  const stopFollowing = transport.connection.subscribe((state) => {
    if (state.status !== 'online' || state.epoch <= reportedEpoch) return;
    reportedEpoch = state.epoch;
    if (hidden()) send();
  });
  return () => {
    page.removeEventListener('visibilitychange', send);
    stopFollowing();
  };
}
