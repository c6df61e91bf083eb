export function newestMtime(path: string): number;
export function isStale(built: string, sources: string[]): boolean;
