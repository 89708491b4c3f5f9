/**
 * The content script's size as `npm run bench -- page` reports it (`contentScript_bytes`): the bytes of the built
 * Chromium file every page parses. The end-to-end suite checks the same figure (tests/e2e/foundation.e2e.ts).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';

export const CONTENT_SCRIPT_FILE = 'content-scripts/content.js';

export function contentScriptBytes(extensionDir: string): number {
  return statSync(join(extensionDir, CONTENT_SCRIPT_FILE)).size;
}
