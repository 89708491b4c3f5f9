export const CANDIDATES: string[];
export function findChrome(): string | null;
export const INSTALL_HELP: string;
