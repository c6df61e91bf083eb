export const relayExe: string;
export const windowsAddon: string;
export function wineEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv & { WINEPREFIX: string };
export function preparePrefix(env: NodeJS.ProcessEnv & { WINEPREFIX: string }): void;
