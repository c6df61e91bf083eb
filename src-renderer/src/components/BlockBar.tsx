// The block this window shows: what it is, where the system keeps it, and how
// to open another one.
import { useBlockStore } from '../stores/block';
import iconUrl from '../../../resources/icon.svg';
import { formatSize } from '../lib/offsets';
import { NewWindowButton } from './NewWindowButton';
import { OpenBlockForm } from './OpenBlockForm';

export function BlockBar() {
  return (
    <header className="block-bar">
      <h1 className="brand">
        <img src={iconUrl} alt="" width={20} height={20} />
        <span>shm-inspector</span>
      </h1>
      <BlockFacts />
      <div className="block-actions">
        <OpenBlockForm />
        <NewWindowButton />
      </div>
    </header>
  );
}

function BlockFacts() {
  const info = useBlockStore((s) => s.info);
  const unlinkNote = useBlockStore((s) => s.unlinkNote);
  const unlink = useBlockStore((s) => s.unlink);
  if (!info) return <div className="block-facts muted">No block open</div>;
  return (
    <div className="block-facts" data-testid="block-facts">
      <span className="block-name" data-testid="block-name">{info.name}</span>
      <span className="fact" data-testid="block-size">{formatSize(info.size)}</span>
      <span className="fact" data-testid="block-backend">{info.backend === 'posix' ? 'POSIX shm' : 'Win32 file mapping'}</span>
      <code className="fact system-name" data-testid="block-system-name" title="The name system tools show">
        {info.systemName}
      </code>
      <span className={`badge ${info.createdHere ? 'badge-created' : 'badge-opened'}`} data-testid="block-origin">
        {info.createdHere ? 'created here' : 'opened existing'}
      </span>
      {info.persistsUntilUnlinked && (
        <span className="persist-note" data-testid="persist-note">
          stays until unlinked
          <button type="button" className="small danger" data-testid="unlink-button" onClick={() => void unlink()}
            title={`Remove ${info.systemName}; open mappings stay valid`}>
            Unlink
          </button>
        </span>
      )}
      {unlinkNote && <span className="note" data-testid="unlink-note">{unlinkNote}</span>}
    </div>
  );
}
