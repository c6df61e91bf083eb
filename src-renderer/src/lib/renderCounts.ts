// Render counts for tests: a page that defines `window.__shmRenderCounts`
// before the app loads (Playwright's addInitScript) gets, per name, how many
// times the components that call countRender rendered. The write-cost spec
// asserts with it that a write renders no hex row. Without that object the
// cost is one property read per render.

type Counts = Record<string, number>;

export function countRender(name: string): void {
  const counts = (globalThis as { __shmRenderCounts?: Counts }).__shmRenderCounts;
  if (counts) counts[name] = (counts[name] ?? 0) + 1;
}
