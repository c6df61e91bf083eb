// The file a file input holds, unread: Import and Compare check its size
// first (stores/files.ts) and then read only the bytes they need, so a huge
// file is refused before a byte of it is read.
import type { ChangeEvent } from 'react';
import type { ChosenFile } from '../stores/files';

export function chosenFile(event: ChangeEvent<HTMLInputElement>): ChosenFile | null {
  const file = event.target.files?.[0];
  event.target.value = ''; // choosing the same file again still fires change
  if (!file) return null;
  return { name: file.name, size: file.size, read: async (length) => new Uint8Array(await file.slice(0, length).arrayBuffer()) };
}
