// The page's address names the block a window shows, so a reload or a copied
// link reopens it (and New Window in Electron copies it).
import { writePageParams, type AccessMode } from '../../../src-shared/page-params';
import type { BlockInfo } from '../contract';

/**
 * The page's address, as far as the session uses it: its query, read at start
 * and replaced whenever a block opens. In a window, `location.search` and
 * `history.replaceState` (in Electron that is also the URL New Window copies).
 */
export interface PageAddress {
  read(): string;
  /** Replaces the query (without `?`), adding no history entry. */
  replace(query: string): void;
}

/**
 * The address names the open block, keeping the token and anything else. It
 * says create=0: a reload must not recreate, zero-filled, a block that was
 * unlinked meanwhile (the user can create it again from the open form).
 */
export function followInAddress(address: PageAddress, info: BlockInfo, access: AccessMode): void {
  const params = { block: info.name, size: info.size, access, create: false };
  address.replace(writePageParams(params, address.read()));
}

/** The address of this page in a browser window or an Electron window. */
export function windowAddress(): PageAddress {
  return {
    read: () => window.location.search,
    replace(query) {
      const url = new URL(window.location.href);
      url.search = query;
      window.history.replaceState(window.history.state, '', url);
    },
  };
}
