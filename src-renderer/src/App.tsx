import { BlockBar } from './components/BlockBar';
import { BlockSafety } from './components/BlockSafety';
import { BlocksPanel } from './components/BlocksPanel';
import { FindPanel } from './components/FindPanel';
import { ShortcutsDialog } from './edit/ShortcutsDialog';
import { FirstRunHint } from './components/FirstRunHint';
import { HexView } from './components/HexView';
import { Workspace } from './components/SidePanels';
import { StartState } from './components/StartState';
import { StatusLine } from './components/StatusLine';
import { useEffect } from 'react';
import { useBlock } from './sessionContext';
import { useFirstPaintMark } from './components/afterFirstPaint';

export function App() {
  const ready = useBlock((s) => s.info !== null);
  useWindowTitle();
  useFirstPaintMark();
  return (
    <div className="app">
      <BlockBar />
      <BlockSafety />
      {ready && <FirstRunHint />}
      {/* The Blocks and Find buttons share a line: each a line of its own cost a narrow window two rows of its panel. */}
      <div className="tool-row">
        <BlocksPanel />
        {ready && <FindPanel />}
      </div>
      {ready ? (
        <Workspace hexView={<HexView />} />
      ) : (
        <main className="start-main">
          <StartState />
        </main>
      )}
      <StatusLine />
      <ShortcutsDialog />
    </div>
  );
}

/** The window's title names its block, so side-by-side windows (and a window list) tell which is which. */
function useWindowTitle() {
  const name = useBlock((s) => s.info?.name);
  useEffect(() => {
    document.title = name ? `${name} — shm-inspector` : 'shm-inspector';
  }, [name]);
}
