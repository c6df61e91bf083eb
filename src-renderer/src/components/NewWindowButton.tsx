// Opens a second window on the same block. The contract has no window call, so
// in the browser we open this page's own address (with its token) for the
// current block in a new tab. Electron refuses window.open by design; there the
// app menu's File › New Window does it, and we say so.
import { useBlockStore } from '../stores/block';
import { useConnectionStore } from '../stores/connection';

export function newWindowUrl(href: string, name: string, size: number): string {
  const url = new URL(href);
  url.searchParams.set('block', name);
  url.searchParams.set('size', String(size));
  return url.toString();
}

export function NewWindowButton() {
  const info = useBlockStore((s) => s.info);
  const transport = useConnectionStore((s) => s.transport);
  if (transport === 'electron') {
    return (
      <span className="hint" data-testid="new-window-hint" title="A second window shows the same bytes, live">
        New window: File › New Window (Ctrl+N)
      </span>
    );
  }
  return (
    <button
      type="button"
      data-testid="new-window"
      disabled={!info}
      title="Open another window on this block, to watch it side by side"
      onClick={() => info && window.open(newWindowUrl(window.location.href, info.name, info.size), '_blank', 'noopener')}
    >
      New Window
    </button>
  );
}
