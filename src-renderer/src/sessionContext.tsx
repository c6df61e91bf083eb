// Hands the window's session to its components. Each component subscribes to
// the slices it renders with one of the hooks below (a selector per value, so
// it re-renders only when that value changes), reads a store's current state
// in event handlers through useSession().stores, and calls session commands
// for whatever spans two stores.
import { createContext, useContext, type ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';
import { afterStringSpan, type ByteSpan } from './lib/stringLayout';
import type { Session, Stores } from './session';
import type { BlockState } from './stores/block';
import type { BlockBrowserState } from './stores/blockBrowser';
import type { BytesState } from './stores/bytes';
import type { ChildrenState } from './stores/children';
import type { ConnectionStoreState } from './stores/connection';
import type { HexViewState } from './stores/hexView';
import type { LiveStringState } from './stores/liveString';
import type { TextFormState } from './stores/textForm';

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

export function useConnection<T>(selector: (state: ConnectionStoreState) => T): T {
  return useSlice((s) => s.connection, selector);
}

/**
 * The leftover bytes after the string's NUL (lib/stringLayout), once the
 * string is known: the hex rows dim them and the text panel says what they are.
 */
export function useAfterStringSpan(): ByteSpan | null {
  const window = useBytes((s) => s.window);
  useBytes((s) => s.version); // the window's bytes change in place
  const units = useLiveString((s) => s.units);
  const loaded = useLiveString((s) => s.loaded);
  const size = useHexView((s) => s.size);
  return loaded ? afterStringSpan(window, units, size) : null;
}
