// Shown instead of the workspace while the first block opens, or when it cannot.
import { useBlockStore } from '../stores/block';
import { requestedBlock } from '../session';

export function StartState() {
  const phase = useBlockStore((s) => s.phase);
  const startError = useBlockStore((s) => s.startError);
  const start = useBlockStore((s) => s.start);
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
      <p>Check that the host is running, or open another block by name and size in the bar above.</p>
      <button type="button" onClick={() => void start(requestedBlock(window.location.search))}>
        Try again
      </button>
    </div>
  );
}
