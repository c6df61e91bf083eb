// Hands the window's session to its components. Each component subscribes to
// the slices it renders with one of the hooks below (a selector per value, so
// it re-renders only when that value changes), reads a store's current state
// in event handlers through useSession().stores, and calls session commands
// for whatever spans two stores.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';
import { afterStringSpan, type ByteSpan } from './lib/stringLayout';
import type { Session, Stores } from './session';
import type { BlockState } from './stores/block';
import type { BlockBrowserState } from './stores/blockBrowser';
import type { BytesState } from './stores/bytes';
import type { ChildrenState } from './stores/children';
import type { ConnectionStoreState } from './stores/connection';
import type { FilesState } from './stores/files';
import type { FindState } from './stores/find';
import type { SelectionFactsState } from './stores/selectionFacts';
import type { SidePanelsState } from './stores/sidePanels';
import type { EditHistoryState } from './stores/editHistory';
import type { BookmarksState } from './stores/bookmarks';
import type { HexViewState } from './stores/hexView';
import type { LiveStringState } from './stores/liveString';
import type { ScanState } from './stores/scan';
import type { StructState } from './stores/struct';
import type { TextFormState } from './stores/textForm';
import type { TimelineState } from './stores/timeline';

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() needs a <SessionProvider> above it');
  return session;
}

function useSlice<S, T>(store: (stores: Stores) => StoreApi<S>, selector: (state: S) => T): T {
  return useStore(store(useSession().stores), selector);
}

export function useBlock<T>(selector: (state: BlockState) => T): T {
  return useSlice((s) => s.block, selector);
}

export function useBlockBrowser<T>(selector: (state: BlockBrowserState) => T): T {
  return useSlice((s) => s.blockBrowser, selector);
}

export function useBytes<T>(selector: (state: BytesState) => T): T {
  return useSlice((s) => s.bytes, selector);
}

export function useHexView<T>(selector: (state: HexViewState) => T): T {
  return useSlice((s) => s.hexView, selector);
}

export function useTextForm<T>(selector: (state: TextFormState) => T): T {
  return useSlice((s) => s.textForm, selector);
}

export function useLiveString<T>(selector: (state: LiveStringState) => T): T {
  return useSlice((s) => s.liveString, selector);
}

export function useChildren<T>(selector: (state: ChildrenState) => T): T {
  return useSlice((s) => s.children, selector);
}

export function useEditHistory<T>(selector: (state: EditHistoryState) => T): T {
  return useSlice((s) => s.editHistory, selector);
}

export function useBookmarks<T>(selector: (state: BookmarksState) => T): T {
  return useSlice((s) => s.bookmarks, selector);
}

export function useConnection<T>(selector: (state: ConnectionStoreState) => T): T {
  return useSlice((s) => s.connection, selector);
}

export function useScan<T>(selector: (state: ScanState) => T): T {
  return useSlice((s) => s.scan, selector);
}

export function useStruct<T>(selector: (state: StructState) => T): T {
  return useSlice((s) => s.struct, selector);
}

export function useFind<T>(selector: (state: FindState) => T): T {
  return useSlice((s) => s.find, selector);
}

export function useFiles<T>(selector: (state: FilesState) => T): T {
  return useSlice((s) => s.files, selector);
}

export function useSelectionFacts<T>(selector: (state: SelectionFactsState) => T): T {
  return useSlice((s) => s.selectionFacts, selector);
}

export function useSidePanels<T>(selector: (state: SidePanelsState) => T): T {
  return useSlice((s) => s.sidePanels, selector);
}

export function useTimeline<T>(selector: (state: TimelineState) => T): T {
  return useSlice((s) => s.timeline, selector);
}

/**
 * The leftover bytes after the string's NUL (lib/stringLayout), once the
 * string is known: the hex rows dim them and the text panel says what they are.
 */
export function useAfterStringSpan(): ByteSpan | null {
  const units = useLiveString((s) => s.units);
  const loaded = useLiveString((s) => s.loaded);
  const size = useHexView((s) => s.size);
  // The span's ends, compared by value: a byte change that leaves them re-renders nothing.
  const start = useBytes((s) => (loaded ? (afterStringSpan(s.window, units, size)?.[0] ?? -1) : -1));
  const end = useBytes((s) => (loaded ? (afterStringSpan(s.window, units, size)?.[1] ?? -1) : -1));
  return useMemo(() => (start < 0 ? null : [start, end]), [start, end]);
}
