// A fixed-size ring of (time, value) points: pushing past its capacity drops
// the oldest, so a series' memory never grows with how long it is watched.

export interface PointArrays {
  /** Epoch milliseconds, ascending. */
  times: Float64Array;
  values: Float64Array;
}

export class PointRing {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  /** Index of the oldest point. */
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(time: number, value: number): void {
    const at = (this.head + this.count) % this.capacity;
    this.times[at] = time;
    this.values[at] = value;
    if (this.count < this.capacity) this.count++;
    else this.head = (this.head + 1) % this.capacity;
  }

  /** The newest point, or null when empty. */
  last(): { time: number; value: number } | null {
    if (this.count === 0) return null;
    const at = (this.head + this.count - 1) % this.capacity;
    return { time: this.times[at]!, value: this.values[at]! };
  }

  /** Every point, oldest first, as fresh arrays. */
  toArrays(): PointArrays {
    const times = new Float64Array(this.count);
    const values = new Float64Array(this.count);
    const firstRun = Math.min(this.count, this.capacity - this.head);
    times.set(this.times.subarray(this.head, this.head + firstRun));
    values.set(this.values.subarray(this.head, this.head + firstRun));
    times.set(this.times.subarray(0, this.count - firstRun), firstRun);
    values.set(this.values.subarray(0, this.count - firstRun), firstRun);
    return { times, values };
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}
