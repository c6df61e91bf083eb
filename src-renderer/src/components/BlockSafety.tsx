// What this window may do to its block, said in one place: a read-only view
// (unlocked reads may tear) with a switch to read-write, a name someone
// unlinked (this view is all that is left of it), and a lock held past its
// deadline (who holds it), and a block another process shrank. Set, byte edits and Unlink read the same facts
// (session.ts: canChange / whyNoChanges) and say why they are disabled.
import { useBlock } from '../sessionContext';
import { isReadOnly } from '../stores/block';
import './BlockSafety.css';

/** The id of the sentence that says why changes are disabled (aria-describedby of each disabled control). */
export const NO_CHANGES_REASON_ID = 'no-changes-reason';

export function BlockSafety() {
  const info = useBlock((s) => s.info);
  const readOnly = useBlock(isReadOnly);
  const unlinked = useBlock((s) => s.unlinked);
  const busyHolder = useBlock((s) => s.busyHolder);
  const shrunkTo = useBlock((s) => s.shrunkTo);
  const switchError = useBlock((s) => s.switchError);
  const switchToReadWrite = useBlock((s) => s.switchToReadWrite);
  if (!info) return null;
  return (
    <div className="block-safety" role="status" aria-label="Block status">
      {readOnly && (
        <p className="safety-note" data-testid="read-only-note" id={unlinked ? undefined : NO_CHANGES_REASON_ID}>
          <strong>read-only, unlocked reads</strong>: nothing was created or locked to show this block, so bytes being written while they
          are read may tear. Set, byte edits and Unlink are disabled.{' '}
          {!info.name.startsWith('sysv:') && !info.name.startsWith('proc:') && (
            <button type="button" className="small" data-testid="switch-read-write" onClick={() => void switchToReadWrite()}>
              Switch to read-write
            </button>
          )}
          {switchError && (
            <span className="error" role="alert" data-testid="switch-error">
              {' '}
              {switchError}
            </span>
          )}
        </p>
      )}
      {unlinked && (
        <p className="safety-note warn" data-testid="unlinked-note" id={NO_CHANGES_REASON_ID}>
          <strong>{info.systemName} is gone</strong>: its name was unlinked. This window holds a view of an object no one else can open;
          changes are disabled, since reopening the name would create a new, zero-filled block.
        </p>
      )}
      {shrunkTo !== null && (
        <p className="safety-note warn" data-testid="shrank-note">
          <strong>
            The block shrank to {shrunkTo} byte{shrunkTo === 1 ? '' : 's'}; bytes past its end are gone
          </strong>
          : another process truncated it while this window had it open (it had {info.size}). Reading past byte {shrunkTo} fails with
          ERR_SHM_TRUNCATED; open the block again to see it at its new size.
        </p>
      )}
      {busyHolder && (
        <p className="safety-note warn" data-testid="busy-note">
          busy: held by {busyHolder}. Reads and writes of this block wait for it; other blocks are not affected.
        </p>
      )}
    </div>
  );
}
