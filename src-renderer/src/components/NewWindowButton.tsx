// Opens a second window on the same block: this page's own address (with its
// token, in the browser) for the current block. In the browser that is a new
// tab; in Electron the main process turns window.open of our own page into a
// window of ours and refuses every other address.
import { useBlockStore } from '../stores/block';

export function newWindowUrl(href: string, name: string, size: number): string {
  const url = new URL(href);
  url.searchParams.set('block', name);
  url.searchParams.set('size', String(size));
  return url.toString();
}

export function NewWindowButton() {
  const info = useBlockStore((s) => s.info);
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
