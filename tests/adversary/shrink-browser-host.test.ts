// Issue 19, item 1, in the browser host as a user starts it (src-main/web/cli.ts):
// a tab watches and reads a block another user (uid 65534) shrinks from 64 MiB
// to 4096 bytes. The host died of SIGBUS and took every tab with it; now the
// tab gets blockShrank with the new size, its read past the end answers
// ERR_SHM_TRUNCATED, and the host goes on serving.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CALL_PATH, CLIENT_HEADER, CONTROL_PATH, EVENTS_PATH, TOKEN_HEADER } from '../../src-shared/http-protocol';
import { uniqueName } from '../native/helpers';
import { makeRendererFixture } from '../support/renderer-fixture';
import { waitFor } from '../support/wait';
import { MiB, asOtherUser, cannotActAsOtherUser } from './helpers';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsxLoader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const hostCli = join(root, 'src-main', 'web', 'cli.ts');
const TOKEN = 'ab'.repeat(16);
const CLIENT = 'shrink-tab';
const fixture = makeRendererFixture();
const names: string[] = [];
afterAll(() => {
  fixture.remove();
  for (const name of names) rmSync(`/dev/shm/${name}`, { force: true });
});

/** The host, started as `npm run web` starts it (tsx as this process's loader, so its own death shows as a signal). */
async function startHost(): Promise<{ child: ChildProcess; port: number; exit: Promise<NodeJS.Signals | number | null> }> {
  const child = spawn(process.execPath, ['--import', tsxLoader, hostCli, '--port', '0', '--host-dir', fixture.dir], {
    cwd: root,
    env: { ...process.env, SHM_INSPECTOR_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exit = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  await waitFor(() => /127\.0\.0\.1:(\d+)/.test(stdout), 'the URL line', 60_000);
  return { child, port: Number(/127\.0\.0\.1:(\d+)/.exec(stdout)![1]), exit };
}

async function call(port: number, name: string, args: object): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
  const response = await fetch(`http://127.0.0.1:${port}${CALL_PATH}${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: TOKEN, [CLIENT_HEADER]: CLIENT },
    body: JSON.stringify(args),
  });
  return (await response.json()) as { ok: boolean; error?: { code: string; message: string } };
}

/** A control message (the host sends a client only the events it subscribed to). */
async function control(port: number, message: string, body: object): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}${CONTROL_PATH}${message}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: TOKEN, [CLIENT_HEADER]: CLIENT },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${message}: HTTP ${response.status}`);
}

/** Collects the tab's server-sent events as text. */
function listen(port: number): { text: () => string; stop: () => void } {
  const controller = new AbortController();
  let text = '';
  void fetch(`http://127.0.0.1:${port}${EVENTS_PATH}?token=${TOKEN}&client=${CLIENT}`, { signal: controller.signal })
    .then(async (response) => {
      const decoder = new TextDecoder();
      const reader = response.body!.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
    })
    .catch(() => {});
  return { text: () => text, stop: () => controller.abort() };
}

describe('the browser host while a watched block shrinks', () => {
  it('tells the tab the block shrank, answers ERR_SHM_TRUNCATED, and keeps serving', { timeout: 90_000 }, async (ctx) => {
    const why = cannotActAsOtherUser();
    if (why) return ctx.skip(why);
    const name = uniqueName('shrink-host');
    names.push(name);
    asOtherUser('make', name, 64 * MiB);
    const host = await startHost();
    const events = listen(host.port);
    await control(host.port, 'subscribe', { event: 'blockShrank', subscribed: true });
    try {
      expect(await call(host.port, 'openBlock', { name, readOnly: true })).toMatchObject({ ok: true });
      expect(await call(host.port, 'watch', { name, offset: 32 * MiB, length: 4096 })).toMatchObject({ ok: true });
      asOtherUser('shrink', name, 4096);
      await waitFor(() => events.text().includes('event: blockShrank') || host.child.signalCode !== null, 'blockShrank', 5_000).catch(
        () => {},
      );
      expect(host.child.signalCode).toBeNull(); // was SIGBUS: the watcher's thread killed the host
      const read = await call(host.port, 'read', { name, offset: 32 * MiB, length: 4096 });
      expect(read).toMatchObject({ ok: false, error: { code: 'ERR_SHM_TRUNCATED' } });
      expect(read.error!.message).toMatch(/shrank to 4096 bytes .*bytes past its end are gone/);
      expect(events.text()).toMatch(new RegExp(`event: blockShrank\\ndata: \\{"name":"${name}","size":4096\\}`));
      expect(await call(host.port, 'hello', {})).toMatchObject({ ok: true }); // still serving
      expect(host.child.exitCode).toBeNull();
      expect(host.child.signalCode).toBeNull();
    } finally {
      events.stop();
      host.child.kill('SIGTERM');
      await host.exit;
    }
  });
});
