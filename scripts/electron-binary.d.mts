export type ElectronBinaryStatus = { available: true; path: string } | { available: false; reason: string };
export function electronBinaryStatus(root: string): ElectronBinaryStatus;
export function missingDisplayReason(): string | null;
