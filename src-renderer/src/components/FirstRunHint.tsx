// The first time the app opens in this browser profile (or Electron app): what
// the window shows and three things to try, until the user dismisses it. The
// dismissal is remembered in localStorage (lib/preferences).
import { useState } from 'react';
import { dismissIntro, isIntroDismissed, pageStorage } from '../lib/preferences';
import { useBlock } from '../sessionContext';

export function FirstRunHint() {
  const [dismissed, setDismissed] = useState(() => isIntroDismissed(pageStorage()));
  const blockName = useBlock((s) => s.info?.name ?? null);
  if (dismissed) return null;
  const dismiss = () => {
    dismissIntro(pageStorage());
    setDismissed(true);
  };
  return (
    <aside className="first-run-hint" data-testid="first-run-hint" aria-label="Introduction">
      <p>
        <b>What you see:</b> the bytes of the named shared-memory block {blockName !== null && <code>{blockName}</code>}, live. Every
        process that opens the same name (this app, the original DLL, the readers below) sees the same bytes; the text at offset 0 is the
        string SetSharedMem stores.
      </p>
      <p>
        <b>Try:</b> type a text and press <b>Set</b>; <b>launch a reader</b> below, another process that reads the block and prints what it
        found; open a <b>second window</b> (New Window, top right) and watch a change appear in both.
      </p>
      <button type="button" className="small" onClick={dismiss} title="Dismiss the introduction">
        Got it, dismiss the introduction
      </button>
    </aside>
  );
}
