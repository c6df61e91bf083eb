// A bench goal's verdict follows its figures: figures that miss each kind of
// goal give `holds: false`, figures that meet it `holds: true`. A verdict
// forced to `holds: true` once survived every test.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarize } from '../../bench/lib/stats';
import { atLeast, atMost, flatWithin, noneWrong, withinFactor, withinMargin } from '../../bench/lib/verdicts';
import { electronSafeGoal, peerGoal } from '../../bench/measurements/native-calls';
import { aboveFloorGoal, cpuGoal, domGoal, type ConfigResult } from '../../bench/measurements/write-to-paint';
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

  it('withinMargin (above a floor): holds at the margin, not past it, not without either figure', () => {
    expect([withinMargin(12, 10, 2), withinMargin(12.01, 10, 2), withinMargin(null, 10, 2), withinMargin(12, Number.NaN, 2)]).toEqual([
      true,
      false,
      false,
      false,
    ]);
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

  it('the 4 KiB write goal fails when the per-round ratio to the Electron-safe floor passes 1.2x', () => {
    const paired = (ratio: number) => {
      const pair = (ns: number, r: number) => ({ ns: costs(ns), ratio: costs(r) });
      return {
        floor: pair(100, 1),
        counted: pair(102, 1.02),
        guarded: pair(105, 1.05),
        noLock: pair(110, 1.1),
        ours: pair(100 * ratio, ratio),
      };
    };
    expect(electronSafeGoal(paired(1.2), costs(100)).holds).toBe(true);
    expect(electronSafeGoal(paired(1.21), costs(100)).holds).toBe(false);
  });

  describe('write to paint, against the bare pages of the same run', () => {
    const config = (kind: 'inspector' | 'bare', dom: number, cpu: number, paint = dom + 8): ConfigResult => ({
      kind,
      pages: 2,
      allPagesRaf: [paint, paint, paint],
      allPagesDom: [dom, dom, dom],
      allPagesAfterFrame: [paint, paint, paint],
      eachPageRaf: [paint, paint, paint],
      stages: [[1], [1], [dom - 2], [8], [1]],
      missed: 0,
      clockNote: '',
      cpuPerWrite: { task: cpu, script: cpu / 4, style: cpu / 4, layout: cpu / 4 },
      cpuChunks: [cpu],
      rendererCpuPerWrite: cpu,
      gpuCpuPerWrite: 0,
      panelsOnScreen: kind === 'inspector' ? { window: '1280x720', titles: ['Text', 'Edit'] } : null,
    });
    const bare = config('bare', 3, 3);

    it('write to DOM holds at 1.3x the bare p99, not past it, not without a floor or with a missed write', () => {
      expect(domGoal(config('inspector', 3.9, 3), bare).holds).toBe(true);
      expect(domGoal(config('inspector', 3.91, 3), bare).holds).toBe(false);
      expect(domGoal(config('inspector', 3, 3), null).holds).toBe(false);
      expect(domGoal({ ...config('inspector', 3, 3), missed: 1 }, bare).holds).toBe(false);
    });

    it('a write-to-DOM goal that does not hold says where the time goes, ours beside the bare page', () => {
      const figures = domGoal(config('inspector', 9, 12), bare).figures;
      expect(figures).toMatch(/where the time goes/);
      expect(figures).toMatch(/event -> bytes in the DOM .* p99 7\.00 ms vs 1\.00 ms/);
      expect(figures).toMatch(/ours: main-thread CPU per write and page 12\.00 ms.*bare: main-thread CPU per write and page 3\.00 ms/);
      // What our page had on screen while it was measured; the bare page has no panels.
      expect(figures).toMatch(
        /side panels on screen in its 1280x720 window: Text, Edit \(the others, scrolled out of the side column, follow no write\); bare:/,
      );
    });

    it('main-thread CPU per write and page holds at 2x the bare page, not past it', () => {
      expect(cpuGoal(config('inspector', 3, 6), bare).holds).toBe(true);
      expect(cpuGoal(config('inspector', 3, 6.01), bare).holds).toBe(false);
      expect(cpuGoal(config('inspector', 3, 1), null).holds).toBe(false);
    });

    it('write to paint holds at 2 ms above the frame-wait floor p99, not past it', () => {
      const floor = costs(10);
      expect(aboveFloorGoal(config('inspector', 3, 3, 12), floor, bare).holds).toBe(true);
      expect(aboveFloorGoal(config('inspector', 3, 3, 12.01), floor, bare).holds).toBe(false);
    });
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
      if (value === 'holds' || /^(atMost|atLeast|withinFactor|withinMargin|flatWithin|noneWrong)\(/.test(value)) continue;
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
