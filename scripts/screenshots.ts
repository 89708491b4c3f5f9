/**
 * `npm run screenshots`: builds the extension and writes the README's pictures (docs/screenshot.png,
 * docs/sidebar-light.png, docs/sidebar-dark.png) from seed article 1 in real Chromium, and docs/sidebar-firefox.png
 * from the Firefox build in Firefox (skipped, with a message, where no Firefox is installed). Tests never write
 * tracked files; this is the one command that does, run by hand when the sidebar's look changes.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, gotoAndReport, launchExtension, loadedSidebar, openSidebar, startServer, type Server } from '../tests/e2e/harness';
import { findFirefox } from './find-firefox.mjs';
import { launchFirefox, openPage, openSidebar as openFirefoxSidebar, testId, until, waitForReport } from '../tests/e2e-firefox/harness';

/** The sidebar on seed article 1 in Firefox (1280 × 800), from the Firefox build. */
async function firefoxShot(server: Server): Promise<void> {
  if (!findFirefox()) {
    process.stdout.write('no Firefox found (apt-get install firefox-esr, or set FIREFOX_PATH): docs/sidebar-firefox.png not written\n');
    return;
  }
  const ext = await launchFirefox();
  try {
    const url = `${server.url}/seed/1`;
    const page = await openPage(ext, url);
    await page.setViewport({ width: 1280, height: 800 });
    await waitForReport(ext, url);
    const sb = await openFirefoxSidebar(page);
    await until('the sidebar to load', async () => (await sb.$(testId('loading'))) === null && (await sb.$(testId('event'))) !== null, 60_000);
    // Wait until the panel has slid fully into its frame (it opens with a transition).
    await until('the sidebar in view', () => sb.$eval(testId('sidebar'), (el) => Math.abs(el.getBoundingClientRect().left) < 1 && Math.abs(el.getBoundingClientRect().right - innerWidth) < 1), 30_000);
    await page.screenshot({ path: join(ROOT, 'docs/sidebar-firefox.png') });
    process.stdout.write('wrote docs/sidebar-firefox.png\n');
  } finally {
    await ext.close();
  }
}

/** docs/library.png: the Library page of the options with two articles added from their sidebars. */
async function libraryShot(server: Server): Promise<void> {
  const ext = await launchExtension({ colorScheme: 'light' });
  try {
    for (const file of ['corridor-deal.html', 'corridor-followup.html']) {
      const page = await ext.context.newPage();
      await page.goto(`${server.url}/library/${file}`);
      const frame = await openSidebar(page, 60_000);
      await frame.getByTestId('library-add').click();
      await frame.locator('[data-testid=library-status][data-ok]').waitFor({ timeout: 60_000 });
      await page.close();
    }
    const options = await ext.context.newPage();
    await options.setViewportSize({ width: 900, height: 900 });
    await options.goto(`chrome-extension://${ext.id}/options.html`);
    await options.getByTestId('library-entry').nth(1).waitFor({ timeout: 60_000 });
    await options.getByTestId('library').scrollIntoViewIfNeeded();
    await options.getByTestId('library').screenshot({ path: join(ROOT, 'docs/library.png') });
    process.stdout.write('wrote docs/library.png\n');
  } finally {
    await ext.close();
  }
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) {
    for (const args of [['wxt', 'build'], ['wxt', 'build', '-b', 'firefox']]) {
      const build = spawnSync('npx', args, { cwd: ROOT, stdio: 'inherit' });
      if (build.status !== 0) throw new Error(`npx ${args.join(' ')} failed: no screenshots written`);
    }
  }
  const server = await startServer();
  try {
    for (const scheme of ['light', 'dark'] as const) {
      const ext = await launchExtension({ colorScheme: scheme });
      try {
        const page = await ext.context.newPage();
        const url = `${server.url}/seed/1`;
        await gotoAndReport(ext, page, url);
        await loadedSidebar(page, 60_000);
        const files = scheme === 'light' ? ['docs/screenshot.png', 'docs/sidebar-light.png'] : ['docs/sidebar-dark.png'];
        for (const file of files) {
          await page.screenshot({ path: join(ROOT, file) });
          process.stdout.write(`wrote ${file}\n`);
        }
      } finally {
        await ext.close();
      }
    }
    await libraryShot(server);
    await firefoxShot(server);
  } finally {
    await server.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`screenshots: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
