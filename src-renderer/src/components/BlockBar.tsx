// The block this window shows: what it is, where the system keeps it, and how
// to open another one.
import iconUrl from '../../../resources/icon.svg';
import { formatSize } from '../lib/offsets';
import { NewWindowButton } from './NewWindowButton';
import { OpenBlockForm } from './OpenBlockForm';
import { useBlock } from '../sessionContext';
import { whyNoChanges } from '../session';
import { UnlinkButton } from './UnlinkButton';

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

const CREATED_BY_THIS_APP =
  "This app's host process created the block (zero-filled), in this window or another one; " +
  'other programs that open the same name see the same bytes.';
const OPENED_EXISTING = 'Another program created this block before this app opened it; the bytes are its bytes.';

function BlockFacts() {
  const info = useBlock((s) => s.info);
  const unlinkNote = useBlock((s) => s.unlinkNote);
  const unlink = useBlock((s) => s.unlink);
  const noChanges = useBlock(whyNoChanges);
  if (!info) return <div className="block-facts muted">No block open</div>;
  return (
    <div className="block-facts" data-testid="block-facts">
      <span className="block-name" data-testid="block-name">
        {info.name}
      </span>
      <span className="fact" data-testid="block-size">
        {formatSize(info.size)}
      </span>
      <span className="fact" data-testid="block-backend">
        {info.backend === 'posix' ? 'POSIX shm' : 'Win32 file mapping'}
      </span>
      <code className="fact system-name" data-testid="block-system-name" title="The name system tools show">
        {info.systemName}
      </code>
      {/* The host process made the block, whichever of its windows asked first: say so in every window. */}
      <span
        className={`badge ${info.createdHere ? 'badge-created' : 'badge-opened'}`}
        data-testid="block-origin"
        title={info.createdHere ? CREATED_BY_THIS_APP : OPENED_EXISTING}
      >
        {info.createdHere ? 'created by this app' : 'opened existing'}
      </span>
      {info.persistsUntilUnlinked && (
        <span className="persist-note" data-testid="persist-note">
          stays until unlinked
          <UnlinkButton systemName={info.systemName} reason={noChanges} onConfirm={() => void unlink()} />
        </span>
      )}
      {unlinkNote && (
        <span className="note" data-testid="unlink-note">
          {unlinkNote}
        </span>
      )}
    </div>
  );
}
