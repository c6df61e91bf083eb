// Unlink, asked twice: the button opens a modal dialog that says what unlinking
// does; Escape (the dialog's own cancel) or "Cancel" leaves the block alone.
// Disabled, with the reason, in a read-only window or once the name is gone.
import { useRef } from 'react';
import { NO_CHANGES_REASON_ID } from './BlockSafety';

interface UnlinkButtonProps {
  systemName: string;
  /** Why Unlink is disabled; null when it is allowed. */
  reason: string | null;
  onConfirm: () => void;
}

export function UnlinkButton({ systemName, reason, onConfirm }: UnlinkButtonProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const close = () => dialog.current?.close();
  return (
    <>
      <button
        type="button"
        className="small danger"
        data-testid="unlink-button"
        disabled={reason !== null}
        aria-describedby={reason ? NO_CHANGES_REASON_ID : undefined}
        title={reason ?? `Remove ${systemName}; open mappings stay valid`}
        onClick={() => dialog.current?.showModal()}
      >
        Unlink
      </button>
      <dialog ref={dialog} aria-labelledby="unlink-dialog-title" aria-describedby="unlink-dialog-text" data-testid="unlink-dialog">
        <h2 id="unlink-dialog-title">Unlink {systemName}?</h2>
        <p id="unlink-dialog-text">
          The name is removed: no program can open this block again, and every window on it is told. Windows and programs that have it open
          keep their view until they close it. Opening the name later creates a new, zero-filled block.
        </p>
        <div className="form-row">
          <button type="button" autoFocus onClick={close}>
            Cancel
          </button>
          <button
            type="button"
            className="danger"
            data-testid="unlink-confirm"
            onClick={() => {
              close();
              onConfirm();
            }}
          >
            Unlink
          </button>
        </div>
      </dialog>
    </>
  );
}
