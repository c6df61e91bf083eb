// Find, the value scan and the selection's facts: the one place where the
// session wires them (their progress events to their stores, Find's matches
// to the cursor). Their stores own the searches themselves, with their
// cancels; a change to how a search is asked, followed or cancelled that
// spans stores goes here.
import type { InspectorApi } from '../contract';
import { stepMatch } from '../stores/find';
import type { Stores } from './storeRegistry';

export interface SearchCommands {
  /** Find over the whole open block with the Find box's pattern; the cursor goes to the first match at or after it. */
  find(): Promise<void>;
  /** The cursor to the next (1) or previous (-1) match, wrapping around; false when there is none. */
  findStep(direction: 1 | -1): boolean;
}

/** Each search's progress events to its store; returns the unsubscribes. */
export function followSearchProgress(api: InspectorApi, stores: Stores): (() => void)[] {
  return [
    api.on('scanProgress', (event) => stores.scan.getState().progressed(event)),
    api.on('findProgress', (event) => stores.find.getState().followProgress(event)),
  ];
}

export function createSearchCommands(stores: Stores): SearchCommands {
  const { block, find, hexView } = stores;
  const blockName = () => block.getState().info?.name ?? null;

  /** Moves the cursor to the match after or before `offset`; false when there is none. */
  function stepTo(offset: number, direction: 1 | -1): boolean {
    const matches = find.getState().matches;
    // Matches of a block this window no longer shows lead nowhere.
    const target = matches && matches.blockName === blockName() ? stepMatch(matches.offsets, offset, direction) : null;
    if (target === null) return false;
    hexView.getState().moveCursor(target, false);
    return true;
  }

  return {
    async find() {
      const name = blockName();
      if (!name) return;
      await find.getState().search(name);
      const first = find.getState().matches?.offsets[0];
      // The first match at or after the cursor: one step forward from the byte before it.
      if (first !== undefined) stepTo(hexView.getState().cursor - 1, 1);
    },

    findStep: (direction) => stepTo(hexView.getState().cursor, direction),
  };
}
