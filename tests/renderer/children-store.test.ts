// The children store (src-renderer/src/stores/children.ts): launching real
// readers through a real core, following childUpdated, and never letting a
// late "running" undo an exit.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait';
import { useCoreSession } from './core-session';

const session = useCoreSession();
const children = () => session.stores.children.getState();
const LINE = 'Child process read from shared memory: This is a test string';

describe('children store', () => {
  it('launches a native and a Node reader; each row ends with the original line and exit code 0', async () => {
    const { name } = await session.openFreshBlock('rc-orig', 4096);
    session.stores.textForm.getState().setDraft('This is a test string');
    await session.renderer.setString();
    await children().launch(name, 'native');
    await children().launch(name, 'node');
    expect(children().error).toBeNull();
    const done = await waitFor(
      () => {
        const list = children().children;
        return list.length === 2 && list.every((c) => c.state !== 'running') ? list : null;
      },
      'both readers to exit',
      30_000,
    );
    expect(done.map((c) => c.kind)).toEqual(['node', 'native']); // newest first
    for (const child of done) {
      expect(child).toMatchObject({ state: 'exited', exitCode: 0 });
      expect(child.stdout.trim()).toBe(LINE);
    }
  });

  it('keeps a finished child finished when a stale "running" update arrives', async () => {
    const finished = children().children[0]!;
    expect(finished.state).toBe('exited');
    children().upsert({ ...finished, state: 'running', exitCode: null, durationMs: null });
    expect(children().children[0]).toEqual(finished);
  });

  it('says why a batch was refused, with its code', async () => {
    await children().launch(session.stores.block.getState().info!.name, 'node', 10_000);
    expect(children().error).toMatch(/\(ERR_SHM_ARG\)$/);
    expect(children().launching).toBe(false);
  });

  it('keeps the batch size as typed and refuses a bad one when launched, launching nothing', async () => {
    const name = session.stores.block.getState().info!.name;
    const before = children().children.length;
    for (const typed of ['', '120', '-3', '2.5', 'x']) {
      children().setBatchDraft(typed);
      expect(children().batchDraft).toBe(typed);
      await children().launchBatch(name, 50);
      expect(children().batchError).toMatch(/^Batch size must be a whole number from 1 to 50 \(.*\)\. Nothing was launched\.$/);
      expect(children().children.length).toBe(before);
    }
    expect(children().batchError).toContain('"x"');
    children().setBatchDraft('20');
    expect(children().batchError).toBeNull();
  });

  it('clear forgets finished children', async () => {
    await children().clear(session.stores.block.getState().info!.name);
    expect(children().children).toEqual([]);
    expect(children().error).toBeNull();
  });

  it("clear forgets only this block's finished children, not another block's", async () => {
    const other = await session.openFreshBlock('rc-other', 4096);
    await children().launch(other.name, 'node');
    const mine = await session.openFreshBlock('rc-mine', 4096);
    await children().launch(mine.name, 'node');
    await waitFor(
      () => {
        const list = children().children;
        return list.length === 2 && list.every((c) => c.state !== 'running') ? list : null;
      },
      'both readers to exit',
      30_000,
    );
    await children().clear(mine.name);
    expect(children().children.map((c) => c.blockName)).toEqual([other.name]);
    const seenByTheCore = await session.api.call('listChildren', {});
    expect(seenByTheCore.map((c) => c.blockName)).toEqual([other.name]);
    await children().clear(other.name);
    expect(children().children).toEqual([]);
  });
});
