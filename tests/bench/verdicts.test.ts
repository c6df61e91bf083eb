// A bench goal's verdict follows its figures: figures that miss each kind of
// goal give `holds: false`, figures that meet it `holds: true`. A verdict
// forced to `holds: true` once survived every test.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarize } from '../../bench/lib/stats';
import { atLeast, atMost, flatWithin, noneWrong, withinFactor } from '../../bench/lib/verdicts';
import { peerGoal } from '../../bench/measurements/native-calls';
import { flatGoal as rendererFlatGoal } from '../../bench/measurements/scale-renderer';
import { flatGoal as watcherFlatGoal } from '../../bench/measurements/scale-watcher';

describe('goal comparators', () => {
  it('atMost (a cost): holds at the limit, not above it, not without a figure', () => {
    expect([atMost(5, 5), atMost(5.01, 5), atMost(null, 5), atMost(Number.NaN, 5)]).toEqual([true, false, false, false]);
  });

  it('atLeast (a throughput): holds at the floor, not below it, not without a figure', () => {
    expect([atLeast(2, 2), atLeast(1.99, 2), atLeast(undefined, 2)]).toEqual([true, false, false]);
  });

  it('withinFactor (against a peer or floor): holds at the factor, not past it, not on a zero reference', () => {
    expect([withinFactor(300, 100, 3), withinFactor(301, 100, 3), withinFactor(1, 0, 3)]).toEqual([true, false, false]);
  });

  it('flatWithin (across sizes): holds when max/min is at the factor, not past it, not on no or zero figures', () => {
    expect([flatWithin([1, 2], 2), flatWithin([1, 2.01], 2), flatWithin([], 2), flatWithin([0, 1], 2)]).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });

  it('noneWrong (correctness): holds only when something was checked and nothing was wrong', () => {
    expect([noneWrong(0, 10), noneWrong(1, 10), noneWrong(0, 0)]).toEqual([true, false, false]);
  });
});

describe('goals built from figures', () => {
  const costs = (median: number) => summarize([median, median, median]);

  it('the native peer goal fails when ours is more than its factor slower than the peer', () => {
    expect(peerGoal('read', costs(100), costs(100)).holds).toBe(true);
    expect(peerGoal('read', costs(100_000), costs(100)).holds).toBe(false);
  });

  it('the watcher flatness goal fails when a size costs far more than another', () => {
    expect(watcherFlatGoal('tick', [4096, 1 << 20], [10, 10]).holds).toBe(true);
    expect(watcherFlatGoal('tick', [4096, 1 << 20], [10, 1000]).holds).toBe(false);
  });

  it('the renderer flatness goal fails when a size scrolls far slower than another', () => {
    const result = (size: number, frame: number) => ({ size, frames: costs(frame), slowFrames: 0, longTasks: [] });
    expect(rendererFlatGoal([result(4096, 16), result(1 << 20, 16)], 'median').holds).toBe(true);
    expect(rendererFlatGoal([result(4096, 16), result(1 << 20, 1600)], 'p99').holds).toBe(false);
  });
});

describe('every goal in bench/measurements', () => {
  const dir = join(__dirname, '..', '..', 'bench', 'measurements');
  const files = readdirSync(dir).filter((file) => file.endsWith('.ts'));
  /** `holds` written as a literal, or computed by anything but a comparator of bench/lib/verdicts.ts. */
  function uncomputedVerdicts(file: string, text: string): string[] {
    const found: string[] = [];
    for (const [index, line] of text.split('\n').entries()) {
      const verdict = /\bholds\s*[:=]\s*([^,;]+)/.exec(line);
      if (!verdict || /^\s*\/\/|^\s*\*/.test(line)) continue;
      const value = verdict[1]!.trim();
      if (value === 'holds' || /^(atMost|atLeast|withinFactor|flatWithin|noneWrong)\(/.test(value)) continue;
      found.push(`${file}:${index + 1} holds ${value}`);
    }
    return found;
  }

  it('finds a forced verdict (the check can fail)', () => {
    expect(uncomputedVerdicts('x.ts', '    holds: true,\n    holds: atMost(a, 1),\n')).toEqual(['x.ts:1 holds true']);
    expect(uncomputedVerdicts('x.ts', '  const holds = ratio < 2;\n')).toEqual(['x.ts:1 holds ratio < 2']);
  });

  it('takes its verdict from a tested comparator, never a literal', () => {
    expect(files.length).toBeGreaterThan(5);
    const found = files.flatMap((file) => uncomputedVerdicts(file, readFileSync(join(dir, file), 'utf8')));
    expect(found).toEqual([]);
  });
});
