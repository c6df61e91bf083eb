// The host's events, each to the store it concerns, and what follows a new
// watched window. Search progress (Find, scan) is wired in search.ts.
import type { BlockChangedEvent, InspectorApi } from '../contract';
import { frameBatch } from '../lib/frameBatch';
import type { Stores } from './storeRegistry';

/** A blockChanged event: the bytes first, then the string decoded from them when they hold it. */
export function applyBlockChanged({ block, bytes, liveString, timeline, plot }: Stores, event: BlockChangedEvent): void {
  bytes.getState().applyChange(event);
  timeline.getState().noteChange(event);
  plot.getState().noteChange(event);
  if (event.name === block.getState().info?.name) liveString.getState().followChange(event.ranges, bytes.getState());
}

/** Routes the host's events to the stores; `onMenuCommand` gets each menu command. Returns the unsubscribes. */
export function followHostEvents(api: InspectorApi, stores: Stores, onMenuCommand: (command: string) => void): (() => void)[] {
  const { block, children, timeline } = stores;
  return [
    // A burst of events is applied once per frame (lib/frameBatch.ts).
    api.on(
      'blockChanged',
      frameBatch((events: BlockChangedEvent[]) => events.forEach((event) => applyBlockChanged(stores, event))),
    ),
    api.on('childUpdated', (child) => children.getState().upsert(child)),
    api.on('menuCommand', (event) => onMenuCommand(event.command)),
    api.on('blockUnlinked', (event) => block.getState().noteUnlinked(event.name)),
    api.on('blockBusy', (event) => block.getState().noteBusy(event.name, event.holder)),
    api.on('blockShrank', (event) => block.getState().noteShrank(event.name, event.size)),
    api.on('marksChanged', (event) => timeline.getState().applyMarks(event)),
  ];
}

/** A new watched window (first watch, a scroll, a resync): the string and a frozen view follow it. */
export function followWatchedWindow({ bytes, liveString, timeline, plot }: Stores): () => void {
  return bytes.subscribe((state, previous) => {
    if (!state.window || state.window === previous.window) return;
    liveString.getState().decodeFrom(state);
    plot.getState().followWatched({ offset: state.window.offset, length: state.window.bytes.length });
    // A frozen view (paused or in the past) follows a scroll at the moment it shows.
    const { offset, bytes: current } = state.window;
    void timeline.getState().refreshFrozen({ offset, length: current.length }, current);
  });
}
