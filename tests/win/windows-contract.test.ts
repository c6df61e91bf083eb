// The contract suite (tests/support/contract-suite.ts, the same cases) against
// the browser host on Windows Node under wine, started as a user starts it
// (`npm run windows -- web --port 0`) and reached from Linux on 127.0.0.1
// with the renderer's browser transport. The Windows addon does the work;
// "another process" is shm-wintest.exe in the same prefix.
import { spawn, type ChildProcess } from 'node:child_process';
import { createBrowserTransport } from '../../src-renderer/src/transport';
import { contractSuite, type HostMachine } from '../support/contract-suite';
import { waitFor } from '../support/wait';
import { WinePrefix } from './wine';
import { windowsNodeUnavailable } from './windows-node';
import { describe, it } from 'vitest';

const reason = windowsNodeUnavailable();
if (reason !== null) console.warn(`[tests/win] skipped: ${reason}`);

const URL_LINE = /^shm-inspector browser host: (http:\/\/127\.0\.0\.1:\d+)\/\?token=([0-9a-f]+)/m;

const wine = new WinePrefix();

const windowsMachine: HostMachine = {
  platform: 'win32',
  writeFromOtherProcess: async (name, _size, offset, data) => {
    const result = await wine.wintest(['write', '--name', name, '--offset', String(offset), '--hex', Buffer.from(data).toString('hex')]);
    if (result['written'] !== data.length) throw new Error(`shm-wintest write failed: ${JSON.stringify(result)}`);
  },
  makeBlock: async (name, size, offset, data) => {
    const holder = await wine.hold(['--name', name, '--size', String(size), '--text', '']);
    await windowsMachine.writeFromOtherProcess(name, size, offset, data);
    return { release: holder.release };
  },
};

/** `npm run windows -- web --port 0` in the prefix; resolves with its origin and token once it printed its URL. */
async function startWindowsHost(): Promise<{ origin: string; token: string; child: ChildProcess; output: () => string }> {
  const child = spawn('npm', ['run', '--silent', 'windows', '--', 'web', '--port', '0'], {
    env: { ...wine.env, SHM_INSPECTOR_TEST_MAX_CHILDREN: '4' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const match = await waitFor(
    () =>
      URL_LINE.exec(output) ??
      (child.exitCode !== null
        ? (() => {
            throw new Error(`the Windows host exited: ${output}`);
          })()
        : null),
    'the Windows host to print its URL',
    120_000,
  );
  return { origin: match[1]!, token: match[2]!, child, output: () => output };
}

let tabs = 0;

if (reason !== null) {
  describe.skip(`contract over the browser host on Windows Node under wine (skipped: ${reason})`, () => {
    it('needs wine, mingw-w64 and the cached Windows Node', () => {});
  });
} else {
  contractSuite(
    'the browser host on Windows Node under wine (npm run windows -- web)',
    async () => {
      await wine.start();
      const host = await startWindowsHost();
      const opened: ReturnType<typeof createBrowserTransport>[] = [];
      const newClient = async () => {
        const tab = createBrowserTransport({ origin: host.origin, token: host.token, clientId: `win-contract-${process.pid}-${++tabs}` });
        opened.push(tab);
        await waitFor(() => tab.connection.get().status === 'online', 'the event stream to open', 30_000);
        return tab.api;
      };
      return {
        host: 'browser',
        api: await newClient(),
        newClient,
        close: async () => {
          for (const tab of opened) tab.close();
          const exited = new Promise((resolve) => host.child.once('exit', resolve));
          host.child.kill('SIGTERM');
          await exited;
          wine.stop();
        },
      };
    },
    windowsMachine,
  );
}
