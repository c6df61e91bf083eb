// exportHistory pages are bounded by their text, not only by their count of
// lines: one page of 64 KiB changes was 124 MiB, where the browser host's
// body is 4 MiB. Now each page is at most MAX_EXPORT_PAGE_BYTES, a change
// larger than MAX_EXPORT_LINE_CHANGE_BYTES is split into consecutive lines,
// and paging still returns every change, byte for byte.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createInProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { MAX_EXPORT_LINE_CHANGE_BYTES, MAX_EXPORT_PAGE_BYTES } from '../../src-main/core/limits';
import type { HistoryExportPage } from '../../src-shared/contract';
import { MAX_BODY_BYTES } from '../../src-shared/http-protocol';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';

let core: InspectorCore | undefined;
afterEach(() => core?.dispose());
afterAll(() => unlinkUsedBlocks());

const KIB = 1024;
/** Change times: after the ring's start (a time before it would be moved up to it). */
const T0 = Date.now() + 60_000;

/** A block whose history holds `changes` (recorded through the watcher's hook, as the watcher records them). */
async function blockWithHistory(size: number, changes: Array<{ offset: number; length: number }>) {
  core = new InspectorCore({ host: 'browser', historyBudgetBytes: 512 * KIB * KIB });
  const api = createInProcessApi(core);
  const name = uniqueBlockName('advhist');
  await api.call('openBlock', { name, size });
  core.history.begin(name);
  const recorded = changes.map(({ offset, length }, i) => {
    const before = new Uint8Array(length).fill(i & 0xff);
    const after = new Uint8Array(length).fill((i + 1) & 0xff);
    after[0] = 0xee; // pieces differ from one another
    return { offset, bytes: after, before };
  });
  recorded.forEach((change, i) => core!.history.record(name, T0 + i, [change]));
  return { api, name, recorded };
}

/** Every page from the start, as the timeline store reads them. */
async function allPages(api: ReturnType<typeof createInProcessApi>, name: string): Promise<HistoryExportPage[]> {
  const pages: HistoryExportPage[] = [];
  let start: number | null = 0;
  while (start !== null) {
    const page: HistoryExportPage = await api.call('exportHistory', { name, start });
    pages.push(page);
    start = page.next;
  }
  return pages;
}

interface Line {
  time: number;
  offset: number;
  before: string;
  after: string;
}

/** The lines joined back into one change per time. */
function changesOf(text: string): Array<{ time: number; offset: number; before: string; after: string }> {
  const byTime = new Map<number, Line>();
  for (const line of text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line)) {
    const known = byTime.get(line.time);
    if (!known) byTime.set(line.time, { ...line });
    else {
      expect(line.offset).toBe(known.offset + known.after.length / 2); // pieces are adjacent, in order
      known.before += line.before;
      known.after += line.after;
    }
  }
  return [...byTime.values()];
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('exportHistory pages are bounded by their text', () => {
  it('200 changes of 64 KiB: every page at most MAX_EXPORT_PAGE_BYTES, and the pages hold every change', async () => {
    const changes = Array.from({ length: 200 }, (_, i) => ({ offset: (i % 16) * 64 * KIB, length: 64 * KIB }));
    const { api, name, recorded } = await blockWithHistory(1024 * KIB, changes);
    const pages = await allPages(api, name);
    for (const page of pages) {
      expect(page.text.length).toBeLessThanOrEqual(MAX_EXPORT_PAGE_BYTES);
      expect(JSON.stringify(page).length).toBeLessThan(MAX_BODY_BYTES);
    }
    const text = pages.map((p) => p.text).join('');
    expect(pages.reduce((sum, p) => sum + p.lines, 0)).toBe(200);
    expect(changesOf(text)).toEqual(
      recorded.map((c, i) => ({ time: T0 + i, offset: c.offset, before: hex(c.before), after: hex(c.bytes) })),
    );
  }, 60_000);

  it('a change of 1 MiB (a whole watched range) is split into lines of MAX_EXPORT_LINE_CHANGE_BYTES, each page still under the cap', async () => {
    const { api, name, recorded } = await blockWithHistory(2048 * KIB, [
      { offset: 16, length: 1024 * KIB },
      { offset: 8, length: 10 },
      { offset: 1024 * KIB, length: 1024 * KIB - 5 },
    ]);
    const pages = await allPages(api, name);
    for (const page of pages) expect(page.text.length).toBeLessThanOrEqual(MAX_EXPORT_PAGE_BYTES);
    const lines = pages.flatMap((p) => p.text.split('\n').filter(Boolean));
    const pieces = 1024 / (MAX_EXPORT_LINE_CHANGE_BYTES / KIB);
    expect(lines).toHaveLength(pieces + 1 + pieces);
    expect(changesOf(lines.join('\n'))).toEqual(
      recorded.map((c, i) => ({ time: T0 + i, offset: c.offset, before: hex(c.before), after: hex(c.bytes) })),
    );
    // A page that starts in the middle of a split change starts at that piece.
    const middle = await api.call('exportHistory', { name, start: 2 });
    expect(JSON.parse(middle.text.split('\n')[0]!)).toMatchObject({ time: T0, offset: 16 + 2 * MAX_EXPORT_LINE_CHANGE_BYTES });
  }, 60_000);
});
