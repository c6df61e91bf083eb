// Shown instead of the workspace while the first block opens, or when it cannot.
import { useBlock, useSession } from '../sessionContext';

export function StartState() {
  const phase = useBlock((s) => s.phase);
  const startError = useBlock((s) => s.startError);
  const startErrorCode = useBlock((s) => s.startErrorCode);
  const session = useSession();
  if (phase === 'starting') {
    return (
      <div className="start-state" data-testid="loading">
        Opening the shared-memory block…
      </div>
    );
  }
  return (
    <div className="start-state error" data-testid="start-error" role="alert">
      <p>Could not open the block: {startError}</p>
      <p>
        {startErrorCode === 'ERR_UNAVAILABLE'
          ? 'Check that the host is running, or open another block by name and size in the bar above.'
          : 'You can open another block by name and size in the bar above.'}
      </p>
      <button type="button" onClick={() => void session.start()}>
        Try again
      </button>
    </div>
  );
}
