// `npm test`: every check, in order, stopping at the first failure. Prints each step's time.
import { spawnSync } from 'node:child_process';
import { findChrome, INSTALL_HELP } from './find-chrome.mjs';
import { findFirefox, FIREFOX_INSTALL_HELP } from './find-firefox.mjs';

const chrome = findChrome();
if (!chrome) {
  console.error(`npm test: ${INSTALL_HELP}`);
  process.exit(1);
}
process.env.CHROME_PATH = chrome;
// Without a Firefox the Firefox suite is skipped (its name says so); under CI=true it fails instead.
if (!findFirefox()) console.warn(`npm test: the Firefox end-to-end suite will be skipped${process.env.CI ? ' and fail (CI)' : ''}.\n${FIREFOX_INSTALL_HELP}`);
process.env.NO_COLOR = '1';

const steps = [
  ['prepare WXT types', 'npx', ['wxt', 'prepare']],
  ['type-check (extension code)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['type-check (tests, CLI, scripts)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.node.json']],
  ['locales up to date', 'node', ['scripts/locales.mjs', '--check']],
  ['index up to date', 'npx', ['tsx', 'lib/cli/index-cmd.ts', '--check']],
  ['unit and golden tests', 'npx', ['vitest', 'run']],
  ['build the extension', 'npx', ['wxt', 'build']],
  ['build for Firefox', 'npx', ['wxt', 'build', '-b', 'firefox']],
  // Fails on lint errors (a missing gecko id, a bad manifest key); warnings are printed and allowed.
  ['web-ext lint (Firefox build)', 'npx', ['web-ext', 'lint', '--source-dir', '.output/firefox-mv2']],
  ['end-to-end tests in Chromium', 'npx', ['vitest', 'run', '-c', 'vitest.e2e.config.ts']],
  ['end-to-end tests in Firefox', 'npx', ['vitest', 'run', '-c', 'vitest.firefox.config.ts']],
];
const only = process.argv.slice(2);

// No test may write a tracked file (README screenshots come from `npm run screenshots`): the working tree's status
// before and after the run must be the same. Outside a git checkout there is nothing to compare, and it says so.
const gitStatus = () => {
  const r = spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : null;
};
const statusBefore = gitStatus();
if (statusBefore === null) console.warn('npm test: not a git checkout: the check that tests write no tracked file is skipped.');

for (const [name, cmd, args] of steps) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  const started = Date.now();
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`✗ ${name} failed after ${secs} s`);
    process.exit(r.status ?? 1);
  }
  console.log(`✓ ${name} (${secs} s)`);
}

if (statusBefore !== null) {
  const statusAfter = gitStatus();
  if (statusAfter !== statusBefore) {
    const before = new Set(statusBefore.split('\n'));
    const changed = (statusAfter ?? '').split('\n').filter((l) => l && !before.has(l));
    console.error(`✗ the tests changed the working tree (git status differs before and after):\n${changed.join('\n') || '(files went back to their committed state)'}`);
    process.exit(1);
  }
  console.log('✓ the working tree is as it was before the tests (git status unchanged)');
}
