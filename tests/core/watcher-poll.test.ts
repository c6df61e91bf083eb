// The watcher's poll intervals live in native/src/common/shm_limits.h; the
// TypeScript side mirrors them (watcher.ts WATCHER_POLL) for its docs, the
// benchmark and the tests. This holds the two equal.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WATCHER_POLL } from '../../src-main/core/watcher';

const header = readFileSync(new URL('../../native/src/common/shm_limits.h', import.meta.url), 'utf8');

function constant(name: string): number {
  const found = new RegExp(`\\b${name} = (\\d+);`).exec(header);
  if (!found) throw new Error(`${name} is not in shm_limits.h`);
  return Number(found[1]);
}

describe("the watcher's poll intervals", () => {
  it('are the same numbers in shm_limits.h and watcher.ts (WATCHER_POLL)', () => {
    expect({
      fastestMs: constant('kWatcherFastestPollUs') / 1000,
      slowestMs: constant('kWatcherSlowestPollUs') / 1000,
      idleMs: constant('kWatcherIdlePollUs') / 1000,
      idleAfterMs: constant('kWatcherIdleAfterMs'),
      sustainedMs: constant('kWatcherSustainedPollUs') / 1000,
      sustainedAfterMs: constant('kWatcherSustainedAfterMs'),
    }).toEqual(WATCHER_POLL);
  });

  it('idle at one frame at 60 Hz, and never faster than the backed-off poll', () => {
    expect(WATCHER_POLL.idleMs).toBeGreaterThanOrEqual(WATCHER_POLL.slowestMs);
    expect(WATCHER_POLL.idleMs).toBeLessThanOrEqual(1000 / 60);
  });
});
