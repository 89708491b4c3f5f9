// Finds a Firefox binary for the Firefox end-to-end suite: FIREFOX_PATH, then the usual paths.
import { existsSync } from 'node:fs';

export const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/usr/lib/firefox-esr/firefox-esr', '/usr/lib/firefox/firefox', '/snap/bin/firefox', '/Applications/Firefox.app/Contents/MacOS/firefox'];

export function findFirefox() {
  const env = process.env.FIREFOX_PATH;
  if (env) return existsSync(env) ? env : null;
  return FIREFOX_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export const FIREFOX_INSTALL_HELP = [
  'No Firefox found (looked at $FIREFOX_PATH and ' + FIREFOX_CANDIDATES.slice(0, 2).join(', ') + ').',
  'Install one, e.g. on Debian/Ubuntu:  sudo apt-get install -y firefox-esr',
  'or point FIREFOX_PATH at an existing Firefox (140 or later):  FIREFOX_PATH=/path/to/firefox npm run test:firefox',
].join('\n');
