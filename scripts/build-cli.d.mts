export const cliBundle: string;
export function buildCliIfStale(): string | null;
