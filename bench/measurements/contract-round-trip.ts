// 3. Contract round trip: getString and setString through the browser host
// over HTTP (a real fetch against the host in its own process) and through the
// in-process core, per call; the direct addon call and a bare HTTP server are
// the baselines. And a 1 MiB read (Files' chunk): as the renderer sends it (a
// wire frame, the bytes raw) against the same read as wire JSON (base64), the
// way every call travelled before.
import { uniqueBlockName } from '../lib/blocks';
import { loadNative, openOwnBlock, startInProcessCore } from '../lib/deps';
import { startBareHttpServer, startBrowserHost, type RunningHost } from '../lib/host';
import { httpContractClient } from '../lib/http-client';
import { ratio, summarize, type Summary } from '../lib/stats';
import { rendererForBench } from '../lib/renderer-build';
import { timeEachCall } from '../lib/timing';
import { CALL_PATH, CLIENT_HEADER, TOKEN_HEADER } from '../../src-shared/http-protocol';
import { fromWireJson } from '../../src-shared/wire';
import type { Measurement, Row } from '../lib/types';

const SIZE = 4096;
const TEXT = 'This is a test string';
const MiB = 1 << 20;

/** Microseconds per call, each call timed on its own after a warm-up. */
async function timeCalls(call: () => unknown, count: number, warmup: number): Promise<Summary> {
  const samplesMs = await timeEachCall(call, count, warmup);
  return summarize(samplesMs.map((ms) => ms * 1e3));
}

async function bareHttpCall(url: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'x', text: TEXT }),
  });
  await response.text();
}

/** A 1 MiB read the way calls travelled before wire frames: JSON both ways, the bytes as base64. */
async function readAsWireJson(host: RunningHost, name: string): Promise<Uint8Array> {
  const response = await fetch(`${host.origin}${CALL_PATH}read`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: host.token, [CLIENT_HEADER]: 'bench-json' },
    body: JSON.stringify({ name, offset: 0, length: MiB }),
  });
  const outcome = fromWireJson(await response.text()) as { ok: boolean; value: { bytes: Uint8Array } };
  if (!outcome.ok || outcome.value.bytes.length !== MiB) throw new Error('a 1 MiB read as wire JSON failed');
  return outcome.value.bytes;
}

export const contractRoundTrip: Measurement = {
  id: 'contract',
  title: '3. Contract round trip',
  method:
    'Each call awaited on its own and timed with process.hrtime.bigint() (µs per call, after a warm-up). ' +
    "HTTP: Node's fetch (keep-alive) POSTs the wire JSON to the browser host, started as `npm run web` starts it, in its own process, with token and client headers. " +
    'In-process: `createInProcessApi(new InspectorCore(...))`, the same contract client and handlers over the in-process transport. ' +
    'Baselines: the addon called directly (no contract), and a bare node:http server in its own process answering a small JSON (the floor of any HTTP round trip).',
  async run(ctx) {
    const native = loadNative(ctx.root);
    const count = ctx.smoke ? 20 : 2000;
    const warmup = ctx.smoke ? 5 : 200;
    const name = uniqueBlockName('contract');
    const block = openOwnBlock(native, ctx.cleanup, name, SIZE);

    const direct = {
      getString: await timeCalls(() => block.getString(), count, warmup),
      setString: await timeCalls(() => block.setString(TEXT), count, warmup),
    };

    const { connect } = await startInProcessCore(ctx.cleanup);
    const local = connect();
    await local.call('openBlock', { name, size: SIZE });
    const inProcess = {
      getString: await timeCalls(() => local.call('getString', { name }), count, warmup),
      setString: await timeCalls(() => local.call('setString', { name, text: TEXT }), count, warmup),
    };

    // The host refuses to start without the UI it serves.
    const host = await startBrowserHost(ctx.root, ctx.cleanup, rendererForBench(ctx.root, ctx.log));
    const remote = httpContractClient(host);
    await remote.call('openBlock', { name, size: SIZE });
    const overHttp = {
      getString: await timeCalls(() => remote.call('getString', { name }), count, warmup),
      setString: await timeCalls(() => remote.call('setString', { name, text: TEXT }), count, warmup),
    };
    if ((await remote.call('getString', { name })).text !== TEXT) throw new Error('the string did not round-trip over HTTP');

    // Files' chunk: 1 MiB read, in process, as a frame over HTTP (what a page sends) and as wire JSON over HTTP.
    const bigName = uniqueBlockName('contract-mib');
    openOwnBlock(native, ctx.cleanup, bigName, MiB);
    await local.call('openBlock', { name: bigName, size: MiB });
    await remote.call('openBlock', { name: bigName, size: MiB });
    const readCount = ctx.smoke ? 10 : 200;
    const readWarmup = ctx.smoke ? 3 : 20;
    const readMiB = {
      inProcess: await timeCalls(() => local.call('read', { name: bigName, offset: 0, length: MiB }), readCount, readWarmup),
      frame: await timeCalls(() => remote.call('read', { name: bigName, offset: 0, length: MiB }), readCount, readWarmup),
      json: await timeCalls(() => readAsWireJson(host, bigName), readCount, readWarmup),
    };

    const bareUrl = await startBareHttpServer(ctx.root, ctx.cleanup);
    const bare = await timeCalls(() => bareHttpCall(bareUrl), count, warmup);

    const row = (label: string, stats: Summary, op: 'getString' | 'setString' | null): Row => ({
      label,
      stats,
      extra: {
        'x direct addon (median)': op ? ratio(stats.median, direct[op].median) : null,
        'x in-process (median)': op ? ratio(stats.median, inProcess[op].median) : null,
        'x bare HTTP (median)': ratio(stats.median, bare.median),
      },
    });
    return {
      tables: [
        {
          title: `Per call (${count} calls each)`,
          unit: 'µs per call',
          rows: [
            row('direct addon: getString', direct.getString, 'getString'),
            row('direct addon: setString', direct.setString, 'setString'),
            row('in-process core: getString', inProcess.getString, 'getString'),
            row('in-process core: setString', inProcess.setString, 'setString'),
            row('browser host over HTTP: getString', overHttp.getString, 'getString'),
            row('browser host over HTTP: setString', overHttp.setString, 'setString'),
            row('bare node:http server (floor)', bare, null),
          ],
        },
        {
          title: `Read 1 MiB, Files' chunk (${readCount} calls each)`,
          unit: 'µs per call',
          rows: [
            {
              label: 'in-process core: read 1 MiB',
              stats: readMiB.inProcess,
              extra: { 'x wire JSON over HTTP (median)': ratio(readMiB.inProcess.median, readMiB.json.median) },
            },
            {
              label: 'browser host over HTTP: read 1 MiB as a wire frame (the renderer)',
              stats: readMiB.frame,
              extra: { 'x wire JSON over HTTP (median)': ratio(readMiB.frame.median, readMiB.json.median) },
            },
            {
              label: 'browser host over HTTP: read 1 MiB as wire JSON (base64)',
              stats: readMiB.json,
              extra: { 'x wire JSON over HTTP (median)': 1 },
            },
          ],
        },
      ],
      goals: [],
      notes: [
        `A 1 MiB read as a wire frame costs ${(readMiB.frame.median / readMiB.json.median).toFixed(2)}x the same read as wire JSON (median ${(readMiB.frame.median / 1e3).toFixed(1)} vs ${(readMiB.json.median / 1e3).toFixed(1)} ms).`,
        `Over HTTP a getString costs ${(overHttp.getString.median / bare.median).toFixed(2)}x a bare HTTP round trip (median ${overHttp.getString.median.toFixed(0)} vs ${bare.median.toFixed(0)} µs); the issue sets no goal for this measurement.`,
      ],
    };
  },
};
