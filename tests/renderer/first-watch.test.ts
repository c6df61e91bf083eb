// A window's first watch leaves as its block opens (issue 13's start to first
// paint): the session, given the screen's row count, watches the first
// screen before any component has rendered, and the hex view's own later
// requests (a taller window, a scroll) still move the watch. Real core.
import { afterAll, afterEach, expect, it } from 'vitest';
import type { CallArgs, CallName, CallResult, InspectorApi } from '../../src-shared/contract';
import { createInProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { createSession, firstScreenReady, type Session } from '../../src-renderer/src/session';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { waitFor } from '../support/wait';
import { memoryAddress } from './core-session';

const core = new InspectorCore({ host: 'browser' });
const sessions: Session[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.dispose()));
afterAll(() => {
  core.dispose();
  unlinkUsedBlocks();
});

/** A session over the core whose calls are listed in order, starting on a fresh 64 KiB block. */
function sessionOnFreshBlock(screenRows: (() => number) | null) {
  const api = createInProcessApi(core);
  const calls: { name: CallName; args: unknown }[] = [];
  const listed: InspectorApi = {
    call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
      calls.push({ name, args });
      return api.call(name, args);
    },
    on: api.on,
  };
  const name = uniqueBlockName('idle-first-watch');
  const session = createSession(listed, memoryAddress(`block=${name}&size=65536`), null, screenRows);
  sessions.push(session);
  return { session, calls, name };
}

it('watches the first screen as the block opens, before the hex view asks', async () => {
  const { session, calls, name } = sessionOnFreshBlock(() => 50);
  await session.start();
  // The watch left right behind openBlock's answer, with no showRange from any component.
  expect(calls.map((c) => c.name).slice(0, 3)).toEqual(['hello', 'openBlock', 'watch']);
  const window = await waitFor(() => session.stores.bytes.getState().window, 'the first window');
  const bytesPerRow = session.stores.hexView.getState().bytesPerRow;
  expect(window.offset).toBe(0);
  expect(window.bytes.length).toBeGreaterThanOrEqual(50 * bytesPerRow);
  expect(calls[2]!.args).toMatchObject({ name, offset: 0 });

  // The hex view measures fewer rows than estimated: already covered, nothing asked.
  session.stores.bytes.getState().showRange(0, 30 * bytesPerRow);
  expect(calls.filter((c) => c.name === 'watch')).toHaveLength(1);
  // A scroll far down leaves the window: the watch follows.
  session.stores.bytes.getState().showRange(0x8000, 0x8000 + 30 * bytesPerRow);
  await waitFor(() => (session.stores.bytes.getState().window?.offset ?? 0) > 0, 'the window over the scrolled rows');
  expect(calls.filter((c) => c.name === 'watch')).toHaveLength(2);
});

it('the watch has left when the block store publishes the block, before anything subscribed later (React) can render it', async () => {
  const { session, calls } = sessionOnFreshBlock(() => 40);
  let watchesWhenPublished: number | null = null;
  // Subscribed after the session's own wiring, as React's components subscribe.
  session.stores.block.subscribe((state, previous) => {
    if (state.info && !previous.info) watchesWhenPublished = calls.filter((c) => c.name === 'watch').length;
  });
  await session.start();
  expect(watchesWhenPublished).toBe(1);
});

it('the greeting and the block are published in one update: no render for the greeting alone comes before the watch', async () => {
  const { session } = sessionOnFreshBlock(() => 40);
  const greetingAlone: boolean[] = [];
  session.stores.block.subscribe((state) => greetingAlone.push(state.hello !== null && state.info === null));
  await session.start();
  expect(session.stores.block.getState().info).not.toBeNull();
  expect(greetingAlone).not.toContain(true);
});

it('without a screen (a session with no window), nothing is watched until the view asks', async () => {
  const { session, calls } = sessionOnFreshBlock(null);
  await session.start();
  expect(calls.map((c) => c.name)).toContain('openBlock');
  expect(calls.map((c) => c.name)).not.toContain('watch');
});

it('the first render waits for the first bytes, or a failed start, or its deadline, whichever comes first', async () => {
  const { session } = sessionOnFreshBlock(() => 40);
  const ready = firstScreenReady(session, 10_000);
  void session.start();
  await ready;
  expect(session.stores.bytes.getState().window).not.toBeNull();

  const failing = createSession(
    createInProcessApi(core),
    memoryAddress(`block=${uniqueBlockName('idle-missing')}&size=4096&create=0`),
    null,
    () => 40,
  );
  sessions.push(failing);
  const failed = firstScreenReady(failing, 10_000);
  void failing.start();
  await failed;
  expect(failing.stores.block.getState().phase).toBe('failed');

  const idle = createSession(createInProcessApi(core), memoryAddress(), null, () => 40); // never started
  sessions.push(idle);
  const before = performance.now();
  await firstScreenReady(idle, 50);
  expect(performance.now() - before).toBeGreaterThanOrEqual(45);
});
