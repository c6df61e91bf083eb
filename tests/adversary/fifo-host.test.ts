// Issue 19, items 2 and 3, in the host: a read-only open of a FIFO, and a
// FIFO swapped in at the name of a watched block, must never block the host's
// main thread. The browser host runs in its own process, as `npm run web`
// starts it; a blocked main thread shows as calls that get no answer.
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENTS_PATH } from '../../src-shared/http-protocol';
import { hostileName, makeFifo, removeHostileNames, shmPath, startHostProcess, type HostProcess } from './hostile-names';

const linux = process.platform === 'linux';
/** A host that answers does so in milliseconds; one whose main thread is blocked never does. */
const ANSWER_MS = 3000;

let host: HostProcess | null = null;

afterEach(() => {
  host?.stop();
  host = null;
  removeHostileNames();
});

/** The host's event stream as text, as it arrives. */
async function eventStream(running: HostProcess): Promise<{ text: () => string; stop: () => void }> {
  const controller = new AbortController();
  const response = await fetch(`http://127.0.0.1:${running.port}${EVENTS_PATH}?token=${running.token}&client=adversary`, {
    signal: controller.signal,
  });
  let text = '';
  const reader = response.body!.getReader();
  void (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done) return;
      text += new TextDecoder().decode(chunk.value);
    }
  })();
  return { text: () => text, stop: () => controller.abort() };
}

describe.skipIf(!linux)('the host and a FIFO', () => {
  it('openBlock({ readOnly: true }) on a FIFO answers ERR_SHM_NOT_A_BLOCK, and hello still answers', async () => {
    host = await startHostProcess();
    const name = hostileName('fifo-host');
    makeFifo(name);
    const opened = await host.call('openBlock', { name, readOnly: true }, ANSWER_MS);
    expect(opened, 'openBlock got no answer: the host is blocked on the FIFO').not.toBeNull();
    expect(opened).toMatchObject({ ok: false, error: { code: 'ERR_SHM_NOT_A_BLOCK' } });
    expect(opened!.error!.message).toContain('is a FIFO, not a shared memory block');
    const hello = await host.call('hello', {}, ANSWER_MS);
    expect(hello, 'hello got no answer after the FIFO open').toMatchObject({ ok: true });
  }, 90_000);

  it('a FIFO put at a watched block name is reported unlinked by the monitor, and the host keeps answering', async () => {
    host = await startHostProcess();
    const events = await eventStream(host);
    await host.subscribe('blockUnlinked');
    try {
      const name = hostileName('fifo-swap');
      expect(await host.call('openBlock', { name, size: 4096 })).toMatchObject({ ok: true });
      expect(await host.call('watch', { name, offset: 0, length: 64 })).toMatchObject({ ok: true });
      // The owner unlinks the block and puts a FIFO at its name (another process, as an attacker would).
      execFileSync('sh', ['-c', 'rm -f "$1" && mkfifo -m 0666 "$1"', 'swap', shmPath(name)]);
      // The monitor looks twice a second: after three looks the host must still answer...
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const hello = await host.call('hello', {}, ANSWER_MS);
      expect(hello, 'hello got no answer: the block monitor blocked the main thread on the FIFO').toMatchObject({ ok: true });
      // ...and have told its windows that the name no longer names the block.
      await expect.poll(() => events.text(), { timeout: ANSWER_MS }).toMatch(new RegExp(`event: blockUnlinked\\ndata: .*"${name}"`));
    } finally {
      events.stop();
    }
  }, 90_000);
});
