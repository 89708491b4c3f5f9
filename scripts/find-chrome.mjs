// Finds a Chromium or Chrome binary for the end-to-end tests and the demo: CHROME_PATH, then the usual paths.
import { existsSync } from 'node:fs';

export const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export function findChrome() {
  const env = process.env.CHROME_PATH;
  if (env) return existsSync(env) ? env : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export const INSTALL_HELP = [
  'No Chromium or Chrome found (looked at $CHROME_PATH and ' + CANDIDATES.slice(0, 4).join(', ') + ').',
  'Install one, e.g. on Debian/Ubuntu:  sudo apt-get install -y chromium chromium-l10n fonts-dejavu-core',
  'or point CHROME_PATH at an existing Chrome/Chromium binary:  CHROME_PATH=/path/to/chrome npm test',
].join('\n');
