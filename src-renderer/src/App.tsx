import { BlockBar } from './components/BlockBar';
import { BlockSafety } from './components/BlockSafety';
import { BlocksPanel } from './components/BlocksPanel';
import { ChildrenPanel } from './components/ChildrenPanel';
import { DataInspector } from './components/DataInspector';
import { FilesPanel } from './components/FilesPanel';
import { FindPanel } from './components/FindPanel';
import { EditTools } from './edit/EditTools';
import { BookmarksPanel } from './edit/BookmarksPanel';
import { ShortcutsDialog } from './edit/ShortcutsDialog';
import { FirstRunHint } from './components/FirstRunHint';
import { HexView } from './components/HexView';
import { ScanPanel } from './components/ScanPanel';
import { StructPanel } from './components/StructPanel';
import { SelectionFacts } from './components/SelectionFacts';
import { HistoryPanel } from './components/HistoryPanel';
import { StartState } from './components/StartState';
import { StatusLine } from './components/StatusLine';
import { TextPanel } from './components/TextPanel';
import { useEffect } from 'react';
import { useBlock } from './sessionContext';

export function App() {
  const ready = useBlock((s) => s.info !== null);
  useWindowTitle();
  return (
    <div className="app">
      <BlockBar />
      <BlockSafety />
      <BlocksPanel />
      {ready ? (
        <>
          <FirstRunHint />
          <FindPanel />
          <main className="workspace">
            <HexView />
            <aside className="side">
              <EditTools />
              <TextPanel />
              <DataInspector />
              <ScanPanel />
              <StructPanel />
              <SelectionFacts />
              <FilesPanel />
              <HistoryPanel />
              <BookmarksPanel />
            </aside>
          </main>
          <ChildrenPanel />
        </>
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
