// The timeline store (src-renderer/src/stores/timeline.ts) through a window's
// session over a real core: steps back through recorded changes, Live, Pause,
// read-only while frozen, heat, differences; and two windows' positions apart.
import { describe, expect, it } from 'vitest';
import { MAX_HISTORY_TIMES, type BlockInfo, type InspectorApi } from '../../src-shared/contract';
import { createInProcessApi } from '../../src-main/core/in-process-transport';
import { createSession } from '../../src-renderer/src/session';
import { memoryAddress, useCoreSession, type CoreSession } from './core-session';
import { heatOf, mergeTimes } from '../../src-renderer/src/stores/timeline';
import { waitFor } from '../support/wait';
import { writeFromOtherProcess } from '../support/processes';

const session = useCoreSession();
const RANGE = { offset: 0, length: 256 };

async function watched(s: CoreSession, info: BlockInfo) {
  s.stores.bytes.getState().showRange(0, 256);
  await waitFor(() => s.stores.bytes.getState().window, `a window on ${info.name}`);
}

/** Writes `value` at 0 and waits until the history holds it. */
async function writeRecorded(s: CoreSession, name: string, value: number) {
  await s.api.call('write', { name, offset: 0, bytes: Uint8Array.of(value) });
  await waitFor(
    async () => (await s.api.call('readHistory', { name })).entries.some((e) => e.after[0] === value),
    `value ${value} recorded`,
  );
}

const frozenFirstByte = (s: CoreSession) => s.stores.timeline.getState().frozen?.bytes[0];

describe('timeline', () => {
  it('steps back change by change, forward to Live, and is read-only meanwhile', async () => {
    const info = await session.openFreshBlock('rt-steps', 4096);
    await watched(session, info);
    for (const value of [1, 2, 3]) await writeRecorded(session, info.name, value);
    const timeline = () => session.stores.timeline.getState();
    await timeline().refreshSteps(RANGE);
    expect(timeline().steps).toHaveLength(4); // when recording began, then three changes

    const seen: (number | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      await timeline().step(-1, RANGE);
      seen.push(frozenFirstByte(session));
    }
    expect(seen).toEqual([3, 2, 1, 0]);
    await timeline().step(-1, RANGE); // already at the oldest step: stays
    expect(timeline().position).toBe(0);

    // Read-only: a typed byte writes nothing while the view is in the past.
    session.stores.hexView.getState().moveCursor(0, false);
    await session.renderer.typeHexDigit(0xf);
    await session.renderer.typeHexDigit(0xf);
    expect((await session.api.call('read', { name: info.name, offset: 0, length: 1 })).bytes[0]).toBe(3);

    await timeline().step(1, RANGE);
    expect(frozenFirstByte(session)).toBe(1);
    for (let i = 0; i < 3; i++) await timeline().step(1, RANGE);
    expect(timeline().position).toBeNull();
    expect(timeline().frozen).toBeNull();
  });

  it("a refresh asks only for the times after the newest it knows, and its steps are a full refresh's", async () => {
    const info = await session.openFreshBlock('rt-after', 4096);
    await watched(session, info);
    for (const value of [1, 2]) await writeRecorded(session, info.name, value);
    const timeline = () => session.stores.timeline.getState();
    await timeline().refreshSteps(RANGE);
    const newestKnown = timeline().steps.at(-1);
    expect(timeline().steps).toHaveLength(3);

    const asked: unknown[] = [];
    const spy: InspectorApi = {
      call: (name, args, options) => {
        if (name === 'historyTimes') asked.push(args);
        return session.api.call(name, args, options);
      },
      on: (event, listener) => session.api.on(event, listener),
    };
    session.routeCalls(spy);
    try {
      for (const value of [3, 4, 5]) await writeRecorded(session, info.name, value);
      await timeline().refreshSteps(RANGE);
      // Another range: its steps are not these, so it asks for all of them.
      await timeline().refreshSteps({ offset: 0, length: 16 });
    } finally {
      session.routeCalls(null);
    }
    expect(asked).toEqual([
      { name: info.name, offset: 0, length: 256, after: newestKnown },
      { name: info.name, offset: 0, length: 16 },
    ]);
    const full = await session.api.call('historyTimes', { name: info.name, offset: 0, length: 16 });
    expect(timeline().steps).toEqual([full.completeSince, ...full.times.filter((t) => t > full.completeSince)]);
    expect(timeline().steps).toHaveLength(6);
  });

  it('merges new times: appended once, forgotten ones dropped, the newest MAX_HISTORY_TIMES kept', () => {
    expect(mergeTimes([1, 2, 3], { times: [3, 4, 5], completeSince: 0 })).toEqual([1, 2, 3, 4, 5]);
    expect(mergeTimes([1, 2, 3], { times: [4], completeSince: 2 })).toEqual([3, 4]);
    const many = Array.from({ length: MAX_HISTORY_TIMES }, (_, i) => 10 + i);
    expect(mergeTimes([1, 2], { times: many, completeSince: 0 })).toEqual(many); // a full answer may have skipped some: it is the list
    expect(mergeTimes(many, { times: [1e9], completeSince: 0 })).toEqual([...many.slice(1), 1e9]);
  });

  it('Pause freezes the bytes shown while the recording goes on; Live returns', async () => {
    const info = await session.openFreshBlock('rt-pause', 4096);
    await watched(session, info);
    const window = session.stores.bytes.getState().window!;
    session.stores.timeline.getState().pause({ offset: window.offset, bytes: window.bytes, time: Date.now() });
    await writeRecorded(session, info.name, 9);
    await waitFor(() => session.stores.bytes.getState().window?.bytes[0] === 9, 'the live window to follow');
    expect(frozenFirstByte(session)).toBe(0);
    expect((await session.api.call('historyInfo', { name: info.name })).count).toBe(1);
    session.stores.timeline.getState().goLive();
    expect(session.stores.timeline.getState().frozen).toBeNull();
  });

  it('counts recent changes per row for the heat, and lists differences after a baseline', async () => {
    const info = await session.openFreshBlock('rt-heat', 4096);
    await watched(session, info);
    await writeRecorded(session, info.name, 5);
    await waitFor(() => session.stores.timeline.getState().recent.length > 0, 'the change to reach the timeline');
    const { recent } = session.stores.timeline.getState();
    expect(heatOf(recent, 0, 16)).toBe(1);
    expect(heatOf(recent, 16, 32)).toBe(0);
    session.stores.timeline.getState().coolDown(Date.now() + 60_000);
    expect(session.stores.timeline.getState().recent).toEqual([]);

    const timeline = () => session.stores.timeline.getState();
    await timeline().takeBaseline();
    expect(timeline().differences?.totalRanges).toBe(0);
    const heard = timeline().changeSerial;
    await timeline().refreshDifferencesIfChanged(); // nothing changed since the baseline's compare: kept
    await writeRecorded(session, info.name, 6);
    await waitFor(() => timeline().changeSerial > heard, 'the window to hear of the change');
    await timeline().refreshDifferencesIfChanged();
    expect(timeline().differences?.ranges).toEqual([{ offset: 0, length: 1 }]);
  });

  it('two windows on one block keep their own positions over the shared recording', async () => {
    const info = await session.openFreshBlock('rt-two', 4096);
    // The second window: another client of the same core, with its own session.
    const otherApi = createInProcessApi(session.core);
    const other = createSession(otherApi, memoryAddress());
    try {
      expect(await other.openBlock({ name: info.name, size: 4096 })).toBe(true);
      await watched(session, info);
      other.stores.bytes.getState().showRange(0, 256);
      await waitFor(() => other.stores.bytes.getState().window, 'the second window');
      for (const value of [7, 8]) await writeRecorded(session, info.name, value);
      await session.stores.timeline.getState().step(-1, RANGE);
      await session.stores.timeline.getState().step(-1, RANGE);
      expect(session.stores.timeline.getState().frozen?.bytes[0]).toBe(7);
      await other.stores.timeline.getState().step(-1, RANGE);
      expect(other.stores.timeline.getState().frozen?.bytes[0]).toBe(8);
      expect(session.stores.timeline.getState().frozen?.bytes[0]).toBe(7);
    } finally {
      other.dispose();
      otherApi.close();
    }
  });

  it("a followed block's marks come as events: a write outside the watched window marks the scrollbar without asking again", async () => {
    const size = 4 * 65536;
    const info = await session.openFreshBlock('idle-rt-marks', size);
    await watched(session, info);
    const timeline = () => session.stores.timeline.getState();
    let asked = 0;
    session.routeCalls({
      call: (name, args) => {
        if (name === 'changeMarks') asked++;
        return session.api.call(name, args);
      },
      on: session.api.on,
    });
    try {
      await timeline().followMarks(info.name, true);
      expect(timeline().changedRegions).toEqual([]);
      await writeFromOtherProcess(info.name, size, 3 * 65536 + 16, Uint8Array.of(0xab));
      await waitFor(() => timeline().changedRegions.length > 0, 'the scrollbar marks', 10_000);
      expect(timeline().changedRegions).toEqual([{ offset: 3 * 65536, length: 65536 }]);
      expect(asked).toBe(1); // the follow itself; the mark came as a marksChanged event
    } finally {
      session.routeCalls(null);
      await timeline().followMarks(info.name, false);
    }
  });

  it('marks of the same regions again keep the same array (nothing that shows where renders); a later mark moves the serial', async () => {
    const info = await session.openFreshBlock('idle-rt-same-marks', 4 * 65536);
    const timeline = () => session.stores.timeline.getState();
    const region = (changedAt: number) => ({ offset: 65536, length: 65536, changedAt });
    timeline().applyMarks({ name: info.name, regionSize: 65536, regions: [region(1000)], checkedAt: 1000 });
    const first = timeline().changedRegions;
    const serial = timeline().changeSerial;
    expect(first).toEqual([{ offset: 65536, length: 65536 }]);
    timeline().applyMarks({ name: info.name, regionSize: 65536, regions: [region(2000)], checkedAt: 2000 });
    expect(timeline().changedRegions).toBe(first); // the same object: a selector on it renders nothing
    expect(timeline().changeSerial).toBe(serial + 1); // the region changed again: followers of changes hear it
    timeline().applyMarks({ name: info.name, regionSize: 65536, regions: [region(2000), { ...region(2000), offset: 0 }], checkedAt: 2000 });
    expect(timeline().changedRegions).toEqual([
      { offset: 65536, length: 65536 },
      { offset: 0, length: 65536 },
    ]);
  });

  it('two parts of a window following one block (History, block map): the host is asked once and stopped with the last', async () => {
    const info = await session.openFreshBlock('idle-rt-two', 4 * 65536);
    const timeline = () => session.stores.timeline.getState();
    const asked: boolean[] = [];
    session.routeCalls({
      call: (name, args) => {
        if (name === 'changeMarks') asked.push((args as { follow: boolean }).follow);
        return session.api.call(name, args);
      },
      on: session.api.on,
    });
    try {
      await timeline().followMarks(info.name, true);
      await timeline().followMarks(info.name, true);
      expect(asked).toEqual([true]);
      await timeline().followMarks(info.name, false); // the other still follows
      expect(asked).toEqual([true]);
      await timeline().refollowMarks(); // after a reconnection: asked again, once
      expect(asked).toEqual([true, true]);
      await timeline().followMarks(info.name, false);
      expect(asked).toEqual([true, true, false]);
      await timeline().refollowMarks(); // nothing followed: nothing asked
      expect(asked).toEqual([true, true, false]);
    } finally {
      session.routeCalls(null);
    }
  });

  it('a follow, a stop and a follow again of one block reach the host in that order, however slow each request is', async () => {
    const info = await session.openFreshBlock('idle-rt-order', 4 * 65536);
    const timeline = () => session.stores.timeline.getState();
    const delays = [0, 60, 0];
    let arrived = 0;
    session.routeCalls({
      call: async (name, args) => {
        if (name !== 'changeMarks') return session.api.call(name, args);
        await new Promise((resolve) => setTimeout(resolve, delays.shift() ?? 0));
        const answer = session.api.call(name, args);
        arrived++;
        return answer;
      },
      on: session.api.on,
    });
    try {
      void timeline().followMarks(info.name, true);
      void timeline().followMarks(info.name, false);
      await timeline().followMarks(info.name, true);
      await waitFor(() => arrived === 3, 'the three calls to reach the host');
      // Still followed: a change the watcher reports reaches this window as a marksChanged event.
      session.core.regionMarks.noteChanges(info.name, [{ offset: 65536, bytes: Uint8Array.of(1) }]);
      await waitFor(() => timeline().changedRegions.length > 0, 'the marks of a followed block', 5_000);
    } finally {
      session.routeCalls(null);
      await timeline().followMarks(info.name, false);
    }
  });
});
