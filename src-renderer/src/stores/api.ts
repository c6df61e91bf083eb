// The one InspectorApi this window uses, set once at start-up by main.tsx.
// Stores call through it; nothing else in the renderer talks to a host.
import type { InspectorApi } from '../contract';

let current: InspectorApi | null = null;

export function installApi(api: InspectorApi): void {
  current = api;
}

export function api(): InspectorApi {
  if (!current) throw new Error('The inspector API is not installed yet');
  return current;
}
