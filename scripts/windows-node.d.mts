export const WINDOWS_NODE_VERSION: string;
export function cacheDir(): string;
export function windowsNodeExe(): string;
export function ensurePinnedPackage(name: string): string;
export function ensureWindowsNode(): string;
