// When a window may change its block: one rule, asked by the commands that
// write and by the components that say why a control is off.
import type { BlockInfo } from '../contract';

type Access = { info: BlockInfo | null; access: string; unlinked: boolean };

/** Whether Set, byte edits and Unlink may act: not a read-only view, not a name someone removed. */
export function canChange(state: Access): boolean {
  return state.info !== null && !state.info.readOnly && state.access !== 'read-only' && !state.unlinked;
}

/** Why this window refuses changes, in words; null when it does not. */
export function whyNoChanges(state: Access): string | null {
  if (!state.info) return null;
  if (state.unlinked)
    return 'The block was unlinked: changing this view would reach no one, and reopening the name would create a new block.';
  if (state.info.readOnly || state.access === 'read-only')
    return 'This window opened the block read-only (Switch to read-write to change it).';
  return null;
}
