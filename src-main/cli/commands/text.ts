// shm-inspector get / set: the original example's GetSharedMem and SetSharedMem on any block,
// through the core's getString / setString (same truncation rules, same report).
import { integerOption } from '../args';
import type { Runner } from '../context';
import { escapeForTerminal, paint } from '../output';
import { openForChange, openForInspection } from '../session';

export const get: Runner = async ({ out, json, session }, parsed) => {
  const { api } = session();
  const name = parsed.positionals[0]!;
  const cch = integerOption(parsed, 'cch', 1);
  await openForInspection(api, name);
  const result = await api.call('getString', { name, ...(cch !== undefined ? { cch } : {}) });
  // On a terminal, controls in the text are shown escaped; piped, the text goes out as stored.
  await out.line(json ? JSON.stringify({ name, ...result }) : out.terminal ? escapeForTerminal(result.text) : result.text);
  return 0;
};

export const set: Runner = async ({ out, json, session }, parsed) => {
  const { api } = session();
  const [name, text] = parsed.positionals as [string, string];
  await openForChange(api, name);
  const result = await api.call('setString', { name, text });
  const report = {
    name,
    units: result.units,
    requestedUnits: text.length,
    truncated: result.truncated,
    capacityUnits: result.capacityUnits,
  };
  if (json) {
    await out.line(JSON.stringify(report));
  } else {
    const truncation = result.truncated
      ? paint(out, 'yellow', ` (truncated: the block holds ${result.capacityUnits} units plus the NUL)`)
      : '';
    await out.line(`stored ${result.units} of ${text.length} units in ${escapeForTerminal(name)}${truncation}`);
  }
  return 0;
};
