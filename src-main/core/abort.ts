// Linking a caller's cancel to a job's own AbortController: the job keeps its
// controller (a newer find, a released scan session or a client going away
// abort it too), and the signal the contract server passes for the call
// (aborted by the client's cancel message) aborts it as well.

/** Aborts `controller` (with `reason`) when `signal` aborts, at once if it already has; returns the function that unlinks them. */
export function abortWith(signal: AbortSignal | undefined, controller: AbortController, reason?: unknown): () => void {
  if (!signal) return () => undefined;
  const abort = () => controller.abort(reason);
  if (signal.aborted) abort();
  else signal.addEventListener('abort', abort, { once: true });
  return () => signal.removeEventListener('abort', abort);
}
