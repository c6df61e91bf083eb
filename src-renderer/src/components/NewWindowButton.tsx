// Opens a second window on the same block: this page's own address, which
// names the open block (session.ts keeps it so, with create=0) and carries the
// token in the browser. File › New Window in Electron copies the same address.
// In the browser that is a new tab; in Electron the main process turns
// window.open of our own page into a window of ours and refuses every other address.
import { useBlock } from '../sessionContext';

export function NewWindowButton() {
  const blockOpen = useBlock((s) => s.info !== null);
  return (
    <button
      type="button"
      data-testid="new-window"
      disabled={!blockOpen}
      title="Open another window on this block, to watch it side by side"
      onClick={() => window.open(window.location.href, '_blank', 'noopener')}
    >
      New Window
    </button>
  );
}
