// The first time the app opens in this browser profile (or Electron app): what
// the window shows and three things to try, until the user dismisses it. The
// dismissal is remembered in localStorage (lib/preferences).
import { useState } from 'react';
import { dismissIntro, isIntroDismissed, pageStorage } from '../lib/preferences';
import { useBlock } from '../sessionContext';
import { isReadOnly } from '../stores/block';

export function FirstRunHint() {
  const [dismissed, setDismissed] = useState(() => isIntroDismissed(pageStorage()));
  const blockName = useBlock((s) => s.info?.name ?? null);
  const readOnly = useBlock(isReadOnly);
  if (dismissed) return null;
  const dismiss = () => {
    dismissIntro(pageStorage());
    setDismissed(true);
  };
  return (
    <aside className="first-run-hint" data-testid="first-run-hint" aria-label="Introduction">
      {readOnly ? <ForeignBlockIntro blockName={blockName} /> : <ExampleBlockIntro blockName={blockName} />}
      <button type="button" className="small" onClick={dismiss} title="Dismiss the introduction">
        Got it, dismiss the introduction
      </button>
    </aside>
  );
}

/** A block this window may write: the example's words (Set, the readers, a second window). */
function ExampleBlockIntro({ blockName }: { blockName: string | null }) {
  return (
    <>
      <p>
        <b>What you see:</b> the bytes of the named shared-memory block {blockName !== null && <code>{blockName}</code>}, live. Every
        process that opens the same name (this app, the original DLL, the readers below) sees the same bytes; the text at offset 0 is the
        string SetSharedMem stores.
      </p>
      <p>
        <b>Try:</b> type a text and press <b>Set</b>; <b>launch a reader</b> below, another process that reads the block and prints what it
        found; open a <b>second window</b> (New Window, top right) and watch a change appear in both.
      </p>
    </>
  );
}

/** Someone else's block, opened read-only: Set is disabled, so the hint offers what works on it. */
function ForeignBlockIntro({ blockName }: { blockName: string | null }) {
  return (
    <>
      <p>
        <b>What you see:</b> the bytes of the shared-memory block {blockName !== null && <code>{blockName}</code>}, live, as the programs
        that share it change them. This window opened it read-only: it changes nothing and leaves no trace.
      </p>
      <p>
        <b>Try:</b> select bytes and read them as numbers in the <b>Inspector</b> panel; step back through the changes in <b>History</b>{' '}
        with [ and ]; <b>Scan</b> for a value that changes; lay a C struct over the bytes in <b>Struct</b>.
      </p>
    </>
  );
}
