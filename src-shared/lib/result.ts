// The result of parsing what a user typed: a value, or a message to show.
// The libraries in this folder return these instead of throwing, so the UI
// can show the message beside the input without a try/catch per keystroke.
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = <T = never>(error: string): Parsed<T> => ({ ok: false, error });
