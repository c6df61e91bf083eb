// What a feature shows over the hex view's bytes, and the one shape every
// feature's provider has (after ImHex's background highlighting and tooltip
// providers, ImHexApi::HexEditor::addBackgroundHighlightingProvider; ours are
// asked per visible range, not per byte). The hex row knows no feature: it
// draws the decorations it is handed.

/** Bytes [start, end): end is one past the last byte covered. */
interface Span {
  readonly start: number;
  readonly end: number;
}

/** Classes (and a tooltip part) on every covered byte, in the hex and the text column. */
export interface CellDecoration extends Span {
  readonly kind: 'cells';
  /** One or more CSS classes, as the stylesheet names them ('find-match'). */
  readonly className: string;
  /** Its part of the byte's tooltip; parts are joined with '; ' in priority order. */
  readonly title?: string;
  /** Within one layer only the first decoration covering a byte shows (a union's overlapping struct fields). */
  readonly layer?: string;
}

/** An underline in a colour under the covered hex cells; the first one over a byte wins, and its title is the cell's whole tooltip. */
export interface UnderlineDecoration extends Span {
  readonly kind: 'underline';
  readonly color: string;
  readonly title: string;
}

/** A class (and data attributes) on the offset header of every row the span touches. */
export interface GutterDecoration extends Span {
  readonly kind: 'gutter';
  readonly className: string;
  readonly data?: Readonly<Record<`data-${string}`, string>>;
}

export type Decoration = CellDecoration | UnderlineDecoration | GutterDecoration;

/** The bytes the view draws now, and how they fall into rows. */
export interface VisibleRange {
  readonly start: number;
  readonly end: number;
  readonly bytesPerRow: number;
}

/** The whole block, for the scrollbar. */
export interface BlockGeometry {
  readonly size: number;
  readonly bytesPerRow: number;
  readonly totalRows: number;
}

/** A mark on the scrollbar's track, as fractions of the block (0..1). */
export interface ScrollbarMark {
  at: number;
  span: number;
  /** Its CSS class and data-kind: 'changed', 'differs', 'match', 'bookmark', or a new provider's own. */
  kind: string;
  /** A mark's own colour and name (a bookmark's). */
  color?: string;
  title?: string;
}

/**
 * One feature's decorations. `useSource` is a React hook that reads what the
 * provider needs from the session's stores (a selector per value) and returns
 * a value that stays the same while nothing the provider shows changed;
 * `decorate` and `marks` are pure functions of it. Adding a decoration is a
 * file with one of these and one line in `registry.ts`.
 */
export interface DecorationProvider<Source = unknown, MarkSource = Source> {
  readonly name: string;
  useSource(): Source;
  /** Its decorations that overlap the range, whole (not clipped to it, so a row's list stays equal while the view scrolls), in priority order. */
  decorate(source: Source, range: VisibleRange): readonly Decoration[];
  /** Its marks on the scrollbar, if it has any. */
  marks?(source: MarkSource, block: BlockGeometry): readonly ScrollbarMark[];
  /** What the marks need, when that is not `useSource`'s: the scrollbar then follows only it (the heat moves with every write, the marks seldom). */
  useMarkSource?(): MarkSource;
}

/** A provider with its source type checked where it is written, stored in the list as any provider. */
export function decorationProvider<Source, MarkSource = Source>(provider: DecorationProvider<Source, MarkSource>): DecorationProvider {
  return provider as DecorationProvider;
}
