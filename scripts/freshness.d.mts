export const APP_SOURCES: readonly string[];
export const CLI_SOURCES: readonly string[];
export function newestMtime(path: string): number;
export function isStale(built: string, sources: string[]): boolean;
export function under(root: string, sources: readonly string[]): string[];
