// The store registry (src-renderer/src/session/storeRegistry.ts) is the one
// list of a window's stores: each session makes every store of it, its own,
// and a new block resets exactly the stores flagged to start over, through
// the session as a window opens a block.
import { describe, expect, it } from 'vitest';
import type { BlockInfo } from '../../src-shared/contract';
import { RESET_ON_NEW_BLOCK, STORE_NAMES, STORE_REGISTRY, type StoreName, type Stores } from '../../src-renderer/src/session/storeRegistry';
import { startCoreSession, useCoreSession } from './core-session';

/** A change left over from the last block, planted with setState, and how the store looks once it started over. */
interface LeftOver {
  plant: Record<string, unknown>;
  isReset(state: Record<string, unknown>, info: BlockInfo): boolean;
}

const LEFT_OVER: Partial<Record<StoreName, LeftOver>> = {
  hexView: { plant: { cursor: 5, anchor: 1 }, isReset: (s, info) => s.cursor === 0 && s.anchor === null && s.size === info.size },
  bytes: { plant: { error: 'left over' }, isReset: (s, info) => s.error === null && s.name === info.name },
  textForm: { plant: { getError: 'left over' }, isReset: (s) => s.getError === null },
  liveString: { plant: { text: 'left over' }, isReset: (s, info) => s.text !== 'left over' && s.blockName === info.name },
  scan: { plant: { error: 'left over' }, isReset: (s, info) => s.error === null && s.blockName === info.name },
  struct: { plant: { blockName: 'left over' }, isReset: (s, info) => s.blockName === info.name },
  find: { plant: { error: 'left over' }, isReset: (s) => s.error === null },
  files: { plant: { comparison: { left: 'over' } }, isReset: (s) => s.comparison === null },
  timeline: { plant: { name: 'left over' }, isReset: (s, info) => s.name === info.name },
  editHistory: { plant: { message: 'left over' }, isReset: (s, info) => s.message === null && s.name === info.name },
  bookmarks: {
    plant: { items: [{ id: 'x', name: 'left over', color: '#e0a030', note: '', start: 0, end: 1 }] },
    isReset: (s, info) => Array.isArray(s.items) && s.items.length === 0 && s.name === info.name,
  },
};

/** setState on any store by name (the union of the stores' setState signatures is not callable). */
function plant(stores: Stores, name: StoreName, partial: Record<string, unknown>): void {
  (stores[name] as unknown as { setState(partial: Record<string, unknown>): void }).setState(partial);
}

const stateOf = (stores: Stores, name: StoreName) => stores[name].getState() as unknown as Record<string, unknown>;

describe('the store registry', () => {
  const session = useCoreSession();

  it('makes every registered store, one per name, and no other', () => {
    expect(Object.keys(session.stores).sort()).toEqual([...STORE_NAMES].sort());
    for (const name of STORE_NAMES) expect(typeof session.stores[name].getState, name).toBe('function');
    expect(RESET_ON_NEW_BLOCK.every((name) => STORE_REGISTRY[name].onNewBlock)).toBe(true);
  });

  it('gives each session (window) stores of its own', () => {
    const other = startCoreSession();
    for (const name of STORE_NAMES) expect(other.stores[name], name).not.toBe(session.stores[name]);
    other.close();
  });

  it('a new block resets every store flagged for it, and leaves the others as they were', async () => {
    const { stores } = session;
    await session.openFreshBlock('reg-first', 4096);
    for (const [name, leftOver] of Object.entries(LEFT_OVER)) plant(stores, name as StoreName, leftOver.plant);
    const before = new Map(STORE_NAMES.map((name) => [name, stores[name].getState()]));

    const second = await session.openFreshBlock('reg-second', 8192);

    const notReset = RESET_ON_NEW_BLOCK.filter((name) => stores[name].getState() === before.get(name));
    expect(notReset, 'flagged stores whose state did not change').toEqual([]);
    for (const [name, leftOver] of Object.entries(LEFT_OVER)) {
      expect(RESET_ON_NEW_BLOCK, `${name} is flagged to start over`).toContain(name);
      expect(leftOver.isReset(stateOf(stores, name as StoreName), second), `${name} started over`).toBe(true);
    }
    // The block store opened it; the others are about the window or the host and keep their state.
    const kept = STORE_NAMES.filter((name) => name !== 'block' && !RESET_ON_NEW_BLOCK.includes(name));
    expect(kept.length).toBeGreaterThan(0);
    for (const name of kept) expect(stores[name].getState(), `${name} kept`).toBe(before.get(name));
  });
});
