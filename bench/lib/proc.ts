// What a process costs, read from Linux's /proc: CPU time and resident memory.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

let ticksPerSecond: number | null = null;

function clockTicksPerSecond(): number {
  if (ticksPerSecond === null) {
    const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim();
    ticksPerSecond = /^\d+$/.test(out) ? Number(out) : 100;
  }
  return ticksPerSecond;
}

/** User + system CPU of every thread of `pid`, from /proc/<pid>/stat (clock ticks, so 10 ms steps at 100 Hz), in ms. */
export function statCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) in parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / clockTicksPerSecond();
}

/** CPU time of every thread of `pid` in ns, from /proc/<pid>/task/<tid>/schedstat (ns resolution). */
export function schedCpuNs(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended meanwhile
    }
  }
  return total;
}

/** Resident memory of `pid` in MiB (VmRSS). */
export function rssMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) / 1024;
}

/** CPU time (ns) and times scheduled in (~ wake-ups) of one group of threads. */
export interface ThreadsCpu {
  ns: number;
  slices: number;
}

/**
 * CPU of `pid`'s threads summed by thread name (/proc/<pid>/task/<tid>/comm),
 * from schedstat: run time in ns and the count of times each was scheduled in,
 * which for a thread that sleeps between short polls is its wake-up count.
 */
export function schedCpuByThreadName(pid: number): Map<string, ThreadsCpu> {
  const byName = new Map<string, ThreadsCpu>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const fields = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ');
      const sum = byName.get(name) ?? { ns: 0, slices: 0 };
      sum.ns += Number(fields[0]);
      sum.slices += Number(fields[2]);
      byName.set(name, sum);
    } catch {
      // the thread ended meanwhile
    }
  }
  return byName;
}
