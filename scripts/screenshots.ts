/**
 * `npm run screenshots`: builds the extension and writes the README's pictures (docs/screenshot.png,
 * docs/sidebar-light.png, docs/sidebar-dark.png) from seed article 1 in real Chromium. Tests never write
 * tracked files; this is the one command that does, run by hand when the sidebar's look changes.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, gotoAndReport, launchExtension, startServer } from '../tests/e2e/harness';

async function openSidebar(page: Page): Promise<void> {
  await page.locator('[data-testid="tab"], [data-testid="sidebar"]').first().waitFor({ timeout: 60_000 });
  if (await page.getByTestId('tab').count()) await page.getByTestId('tab').click();
  await page.getByTestId('sidebar').waitFor();
  await page.getByTestId('loading').waitFor({ state: 'detached', timeout: 60_000 });
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) {
    const build = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npx wxt build failed: no screenshots written');
  }
  const server = await startServer();
  try {
    for (const scheme of ['light', 'dark'] as const) {
      const ext = await launchExtension({ colorScheme: scheme });
      try {
        const page = await ext.context.newPage();
        const url = `${server.url}/seed/1`;
        await gotoAndReport(ext, page, url);
        await openSidebar(page);
        const files = scheme === 'light' ? ['docs/screenshot.png', 'docs/sidebar-light.png'] : ['docs/sidebar-dark.png'];
        for (const file of files) {
          await page.screenshot({ path: join(ROOT, file) });
          process.stdout.write(`wrote ${file}\n`);
        }
      } finally {
        await ext.close();
      }
    }
  } finally {
    await server.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`screenshots: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
