// The machine a run measured on, so figures are never quoted without it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  kernel: string;
  node: string;
  chromium: string | null;
  gitCommit: string | null;
  gitDirty: boolean | null;
  date: string;
  /** 1, 5 and 15 minute load averages when the run ended: other work on the machine skews every figure. */
  loadAverage: number[];
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':').slice(1).join(':').trim();
  } catch {
    // Not Linux: fall back to what Node knows.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function osName(): string {
  try {
    const line = readFileSync('/etc/os-release', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('PRETTY_NAME='));
    if (line) return line.slice('PRETTY_NAME='.length).replace(/^"|"$/g, '');
  } catch {
    // No os-release: use the platform name.
  }
  return `${os.type()} ${os.release()}`;
}

function quietly(command: string, args: string[], cwd?: string): string | null {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

export function describeMachine(root: string, chromiumPath: string): MachineInfo {
  // The run's own outputs (this file's last version) do not make the measured code "uncommitted".
  const status = quietly('git', ['status', '--porcelain', '--', '.', ':!docs/BENCHMARKS.md', ':!bench/results.json'], root);
  return {
    cpuModel: cpuModel(),
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium: existsSync(chromiumPath) ? quietly(chromiumPath, ['--version']) : null,
    gitCommit: quietly('git', ['rev-parse', '--short', 'HEAD'], root),
    gitDirty: status === null ? null : status.length > 0,
    date: new Date().toISOString(),
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
