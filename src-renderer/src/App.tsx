import { BlockBar } from './components/BlockBar';
import { ChildrenPanel } from './components/ChildrenPanel';
import { DataInspector } from './components/DataInspector';
import { HexView } from './components/HexView';
import { StartState } from './components/StartState';
import { StatusLine } from './components/StatusLine';
import { TextPanel } from './components/TextPanel';
import { useBlockStore } from './stores/block';

export function App() {
  const ready = useBlockStore((s) => s.info !== null);
  return (
    <div className="app">
      <BlockBar />
      {ready ? (
        <>
          <main className="workspace">
            <HexView />
            <aside className="side">
              <TextPanel />
              <DataInspector />
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
    </div>
  );
}
