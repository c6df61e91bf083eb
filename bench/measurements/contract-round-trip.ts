// 3. Contract round trip: getString and setString through the browser host
// over HTTP (a real fetch against the host in its own process) and through the
// in-process core, per call; the direct addon call and a bare HTTP server are
// the baselines.
import { uniqueBlockName } from '../lib/blocks';
import { loadNative, openOwnBlock, startInProcessCore } from '../lib/deps';
import { startBareHttpServer, startBrowserHost } from '../lib/host';
import { httpContractClient } from '../lib/http-client';
import { ratio, summarize, type Summary } from '../lib/stats';
import { rendererForBench } from '../lib/renderer-build';
import { timeEachCall } from '../lib/timing';
import type { Measurement, Row } from '../lib/types';

const SIZE = 4096;
const TEXT = 'This is a test string';

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
      ],
      goals: [],
      notes: [
        `Over HTTP a getString costs ${(overHttp.getString.median / bare.median).toFixed(2)}x a bare HTTP round trip (median ${overHttp.getString.median.toFixed(0)} vs ${bare.median.toFixed(0)} µs); the issue sets no goal for this measurement.`,
      ],
    };
  },
};
