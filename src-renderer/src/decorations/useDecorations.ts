// The hex view's two ways in to the providers: each visible row's
// decorations, and the scrollbar's marks.
import { useMemo, useState } from 'react';
import { decorationsByRow } from './intervals';
import type { BlockGeometry, Decoration, DecorationProvider, ScrollbarMark, VisibleRange } from './types';

/**
 * The providers with their sources, each read with the provider's own hook.
 * The list is fixed when the component mounts (the registry's constant list
 * in the app, a test's own), so the same hooks run in the same order on
 * every render.
 */
function useSources(providers: readonly DecorationProvider[]): { fixed: readonly DecorationProvider[]; sources: unknown[] } {
  const [fixed] = useState(providers);
  const sources: unknown[] = [];
  for (const provider of fixed) sources.push(provider.useSource());
  return { fixed, sources };
}

/**
 * Each visible row's decorations (rows with none are absent). The providers
 * answer for the visible range only, each by its own index, so the cost
 * follows what is on screen, not how many bookmarks or matches exist; the
 * rows compare their lists by value, so a row re-renders only when its own
 * decorations change.
 */
export function useRowDecorations(providers: readonly DecorationProvider[], range: VisibleRange): Map<number, Decoration[]> {
  const { fixed, sources } = useSources(providers);
  return decorationsByRow(
    fixed.map((provider, i) => provider.decorate(sources[i], range)),
    range,
  );
}

/** The scrollbar's marks from every provider that has some, in the providers' order; computed again only when a source or the geometry changes. */
export function useScrollbarMarks(providers: readonly DecorationProvider[], block: BlockGeometry): ScrollbarMark[] {
  // Only the providers with marks, each through the hook its marks need: the scrollbar follows nothing else.
  const [fixed] = useState(() => providers.filter((p) => p.marks));
  const sources: unknown[] = [];
  for (const provider of fixed) sources.push(provider.useMarkSource ? provider.useMarkSource() : provider.useSource());
  const same = useSameList(sources);
  const { size, bytesPerRow, totalRows } = block;
  return useMemo(
    () => (size === 0 ? [] : fixed.flatMap((p, i) => p.marks?.(same[i], { size, bytesPerRow, totalRows }) ?? [])),
    [fixed, same, size, bytesPerRow, totalRows],
  );
}

/** The list of the last render while every element is the same one (React's pattern of keeping information from the previous render). */
function useSameList<T>(items: readonly T[]): readonly T[] {
  const [kept, setKept] = useState(items);
  if (kept.length === items.length && kept.every((x, i) => Object.is(x, items[i]))) return kept;
  setKept(items);
  return items;
}
