// The Plot panel's caps and rates, each with why.

/** Series one chart shows: eight lines stay tellable apart by colour, and 8 x PLOT_MAX_POINTS bounds a redraw. */
export const PLOT_MAX_SERIES = 8;
/** Points kept per series, a ring (the oldest go first): 8 x 10,000 x 16 bytes is 1.25 MiB a window. */
export const PLOT_MAX_POINTS = 10_000;
/** Changes a series keeps while its past is still loading (replayed after it); past this it reloads nothing and keeps the newest. */
export const PLOT_MAX_QUEUED = 1_000;
/** How often the panel looks at series no change event reached lately (outside the rows the window watches). */
export const PLOT_POLL_MS = 500;
/** A series with no change event for this long is read by the poll instead. */
export const PLOT_QUIET_MS = 1_000;
/** The text equivalent (and its polite live region) changes at most this often. */
export const PLOT_ANNOUNCE_MS = 1_000;
/** The chart redraws at most this often (20 a second): a line that moves every frame reads no better, and each redraw aligns up to 80,000 points. */
export const PLOT_DRAW_MS = 50;
