// Hands the window's session to its components. Each component subscribes to
// the slices it renders with `useStore(name, selector)` or one of the named
// hooks below (a selector per value, so it re-renders only when that value
// changes), reads a store's current state in event handlers through
// useSession().stores, and calls session commands for whatever spans two
// stores. Every store of session/storeRegistry.ts has `useStore`; the named
// hooks are one-line shorthands.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useStore as useZustandStore, type StoreApi } from 'zustand';
import { afterStringSpan, type ByteSpan } from './lib/stringLayout';
import type { Session, StateOf, StoreName } from './session';

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() needs a <SessionProvider> above it');
  return session;
}

/** The slice `selector` picks from the window's store `name`; re-renders when that slice changes. */
export function useStore<K extends StoreName, T>(name: K, selector: (state: StateOf<K>) => T): T {
  // Each registry line's store holds its own state type; the mapped Stores type cannot say so per key.
  return useZustandStore(useSession().stores[name] as StoreApi<StateOf<K>>, selector);
}

type Selector<K extends StoreName> = <T>(selector: (state: StateOf<K>) => T) => T;

export const useBlock: Selector<'block'> = (selector) => useStore('block', selector);
export const useBlockBrowser: Selector<'blockBrowser'> = (selector) => useStore('blockBrowser', selector);
export const useBytes: Selector<'bytes'> = (selector) => useStore('bytes', selector);
export const useHexView: Selector<'hexView'> = (selector) => useStore('hexView', selector);
export const useTextForm: Selector<'textForm'> = (selector) => useStore('textForm', selector);
export const useLiveString: Selector<'liveString'> = (selector) => useStore('liveString', selector);
export const useChildren: Selector<'children'> = (selector) => useStore('children', selector);
export const useEditHistory: Selector<'editHistory'> = (selector) => useStore('editHistory', selector);
export const useBookmarks: Selector<'bookmarks'> = (selector) => useStore('bookmarks', selector);
export const useConnection: Selector<'connection'> = (selector) => useStore('connection', selector);
export const useScan: Selector<'scan'> = (selector) => useStore('scan', selector);
export const useStruct: Selector<'struct'> = (selector) => useStore('struct', selector);
export const useFind: Selector<'find'> = (selector) => useStore('find', selector);
export const useFiles: Selector<'files'> = (selector) => useStore('files', selector);
export const useSelectionFacts: Selector<'selectionFacts'> = (selector) => useStore('selectionFacts', selector);
export const useSidePanels: Selector<'sidePanels'> = (selector) => useStore('sidePanels', selector);
export const useTimeline: Selector<'timeline'> = (selector) => useStore('timeline', selector);
export const useStatistics: Selector<'statistics'> = (selector) => useStore('statistics', selector);
export const useBlockMap: Selector<'blockMap'> = (selector) => useStore('blockMap', selector);

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
