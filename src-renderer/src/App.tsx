import { BlockBar } from './components/BlockBar';
import { ChildrenPanel } from './components/ChildrenPanel';
import { DataInspector } from './components/DataInspector';
import { EditTools } from './edit/EditTools';
import { BookmarksPanel } from './edit/BookmarksPanel';
import { ShortcutsDialog } from './edit/ShortcutsDialog';
import { FirstRunHint } from './components/FirstRunHint';
import { HexView } from './components/HexView';
import { StartState } from './components/StartState';
import { StatusLine } from './components/StatusLine';
import { TextPanel } from './components/TextPanel';
import { useBlock } from './sessionContext';

export function App() {
  const ready = useBlock((s) => s.info !== null);
  return (
    <div className="app">
      <BlockBar />
      {ready ? (
        <>
          <FirstRunHint />
          <main className="workspace">
            <HexView />
            <aside className="side">
              <EditTools />
              <TextPanel />
              <DataInspector />
              <BookmarksPanel />
            </aside>
          </main>
          <ChildrenPanel />
        </>
      ) : (
        <StartState />
      )}
      <StatusLine />
      <ShortcutsDialog />
    </div>
  );
}
