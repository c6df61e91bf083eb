// IPC channel names, derived from the contract: one channel per call, one per
// event and two for control messages (cancel, subscribe), so the preload can
// never be made to reach any other channel.
// Pure (no Electron import): shared by main, preload and tests.
import type { CallName, EventName } from '../../src-shared/contract';

export function callChannel(name: CallName): string {
  return `shm:${name}`;
}

export function eventChannel(name: EventName): string {
  return `shm:event:${name}`;
}

/** A window's cancel ({ id } of one of its requests) and subscription changes ({ event, subscribed }). */
export const CANCEL_CHANNEL = 'shm:control:cancel';
export const SUBSCRIBE_CHANNEL = 'shm:control:subscribe';

/** The window's client id in the core (its watch and events belong to it). */
export function clientIdOf(webContentsId: number): string {
  return `wc-${webContentsId}`;
}
