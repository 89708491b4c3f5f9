export const FIREFOX_CANDIDATES: string[];
export function findFirefox(): string | null;
export const FIREFOX_INSTALL_HELP: string;
