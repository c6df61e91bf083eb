// Every export of the window (Files, History, Bookmarks, Plot) saves through
// this one function: a Blob behind an object URL and a link's `download`.
// Electron's default download handling asks where to save; a browser saves
// it as its downloads do.

/**
 * How long the object URL lives after the click: revoking it at once can
 * cancel a download the browser has not started reading yet.
 */
const URL_LIFETIME_MS = 60_000;

/** Saves `blob` as `fileName`. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), URL_LIFETIME_MS);
}
