// What a measurement module is and what it hands back to the runner.
import type { Summary } from './stats';
import type { Cleanup } from './cleanup';

/** Thrown when a measurement's dependency (addon, host, UI, browser) does not exist yet. */
export class Unavailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'Unavailable';
  }
}

export interface BenchContext {
  /** Tiny counts: proves the benchmark works, measures nothing worth quoting. */
  smoke: boolean;
  /** Repository root. */
  root: string;
  /** Per-measurement cleanup stack, run after the measurement whatever happens. */
  cleanup: Cleanup;
  log(message: string): void;
}

export interface Row {
  label: string;
  stats: Summary;
  /** Extra columns (ratios, counts), in display order. */
  extra?: Record<string, string | number | null>;
}

export interface Table {
  title: string;
  /** Unit of median/p99/min/max, e.g. "ns/op" or "ms". */
  unit: string;
  rows: Row[];
  /** Set instead of rows when this part could not run. */
  unavailable?: string;
}

export interface Goal {
  text: string;
  holds: boolean;
  /** The figures the verdict rests on, in words. */
  figures: string;
}

export interface MeasurementOutput {
  tables: Table[];
  goals: Goal[];
  notes: string[];
}

export interface Measurement {
  id: string;
  title: string;
  /** How it is measured, for the report. */
  method: string;
  run(ctx: BenchContext): Promise<MeasurementOutput>;
}

export type MeasurementStatus = 'ok' | 'partial' | 'unavailable' | 'error';

export interface MeasurementResult extends MeasurementOutput {
  id: string;
  title: string;
  method: string;
  status: MeasurementStatus;
  /** Why it was unavailable, or the error it threw. */
  reason?: string;
  durationMs: number;
}
