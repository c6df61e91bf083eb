// shm-inspector unlink NAME: the core's unlink, so the app's checks apply.
import type { Runner } from '../context';
import { escapeForTerminal } from '../output';
import { openForChange } from '../session';

export const unlink: Runner = async ({ out, json, session }, parsed) => {
  const { api } = session();
  const name = parsed.positionals[0]!;
  const block = await openForChange(api, name);
  const { unlinked } = await api.call('unlink', { name });
  if (json) await out.line(JSON.stringify({ name, unlinked, systemName: block.systemName }));
  else
    await out.line(
      unlinked ? `unlinked ${escapeForTerminal(block.systemName)}` : `${escapeForTerminal(name)} has no name to remove (${block.backend})`,
    );
  return 0;
};
