// Poll-until helpers: tests wait for a condition with a generous deadline
// instead of sleeping a fixed time, so a loaded machine slows them, not fails them.

export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Collects every payload a subscription delivers. */
export function collect<T>(subscribe: (listener: (payload: T) => void) => () => void): { items: T[]; stop: () => void } {
  const items: T[] = [];
  const stop = subscribe((payload) => items.push(payload));
  return { items, stop };
}
