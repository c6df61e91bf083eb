// IPC channel names, derived from the contract: one channel per call and one
// per event, so the preload can never be made to reach any other channel.
// Pure (no Electron import): shared by main, preload and tests.
import type { CallName, EventName } from '../../src-shared/contract';

export function callChannel(name: CallName): string {
  return `shm:${name}`;
}

export function eventChannel(name: EventName): string {
  return `shm:event:${name}`;
}

/** The window's client id in the core (its watch and events belong to it). */
export function clientIdOf(webContentsId: number): string {
  return `wc-${webContentsId}`;
}
