// A window opens a block (its first start, the open form, a reopen): every
// store that shows one starts over on it (storeRegistry's resets), the first
// watch leaves at once, the text encoding is guessed from the first bytes, and
// the page's address follows.
import type { BlockInfo } from '../contract';
import { guessEncoding } from '../lib/stringLayout';
import { followInAddress, type PageAddress } from './address';
import { resetForNewBlock, type Stores } from './storeRegistry';

export interface BlockSwitchOptions {
  stores: Stores;
  address: PageAddress;
  storage: Storage | null;
  /** How many hex rows the screen could show; null where there is no screen (tests). */
  screenRows: (() => number) | null;
}

/** Follows the block store's opens and access changes; returns the unsubscribes. */
export function followBlockSwitches({ stores, address, storage, screenRows }: BlockSwitchOptions): (() => void)[] {
  const { block, bytes, hexView, liveString } = stores;
  /** A block just opened: its first watched bytes say which text encoding to show (unless the user chose one). */
  let encodingGuessPending = false;

  function showBlock(info: BlockInfo): void {
    resetForNewBlock(stores, { info, storage });
    encodingGuessPending = true;
    watchFirstScreen(stores, screenRows);
    // The string: from the new window when it comes, read now in case it does not hold the string.
    liveString.getState().refresh(bytes.getState());
    followInAddress(address, info, block.getState().access);
  }

  return [
    // Here, as the block store publishes the open, so the first watch leaves before React renders the block.
    block.subscribe((state, previous) => {
      if (state.openSerial !== previous.openSerial && state.info) showBlock(state.info);
    }),
    // "Switch to read-write": the address follows, so a reload keeps the access the user chose.
    block.subscribe((state, previous) => {
      if (state.info && state.access !== previous.access) followInAddress(address, state.info, state.access);
    }),
    bytes.subscribe((state, previous) => {
      if (!encodingGuessPending || !state.window || state.window === previous.window) return;
      encodingGuessPending = false;
      const guess = guessEncoding(state.window);
      if (guess) hexView.getState().guessEncoding(guess);
    }),
  ];
}

/**
 * The first watch leaves as the block opens, not after React's first render
 * of it (when the hex view learns how many rows it shows): the first screen's
 * rows, estimated from the screen, so the bytes can arrive with that render.
 * The hex view then asks for what it really shows, as on every resize and
 * scroll; the bytes store re-watches only if that is outside this window
 * (whose margin is 64 rows each way).
 */
function watchFirstScreen({ bytes, hexView }: Stores, screenRows: (() => number) | null): void {
  if (!screenRows) return;
  const { topRow, bytesPerRow, visibleRows } = hexView.getState();
  const rows = Math.max(visibleRows, screenRows());
  bytes.getState().showRange(topRow * bytesPerRow, (topRow + rows) * bytesPerRow);
}
