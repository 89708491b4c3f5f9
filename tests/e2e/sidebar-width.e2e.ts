/**
 * The sidebar's width in real Chromium at a narrow (800 px) and a wide (1280 px) window: the same rule as in the
 * Firefox suite (tests/e2e/fixtures.ts `sidebarWidthProblems`): at most 40% of the window, 400 px at most.
 */
import { describe, expect, test } from 'vitest';
import { sidebarWidthProblems } from './fixtures';
import { waitForReport, useSession } from './harness';

const session = useSession();

describe('sidebar width', () => {
  test.each([800, 1280])('in a %i-pixel window: at most 40% of it, 400 px at most, against the right edge', async (width) => {
    const page = await session.ext.context.newPage();
    await page.setViewportSize({ width, height: 800 });
    const url = `${session.server.url}/seed/2`;
    await page.goto(url);
    await waitForReport(session.ext, url);
    await page.locator('[data-testid="tab"], [data-testid="sidebar"]').first().waitFor();
    if (await page.getByTestId('tab').count()) await page.getByTestId('tab').click();
    const measured = await page.getByTestId('sidebar').evaluate((el) => ({ width: el.getBoundingClientRect().width, right: el.getBoundingClientRect().right, viewport: innerWidth, page: document.documentElement.clientWidth }));
    expect(measured.viewport).toBe(width);
    expect(sidebarWidthProblems(measured.width, measured.viewport)).toEqual([]);
    expect(measured.right).toBe(measured.page);
    if (width === 800) expect(measured.width).toBeLessThanOrEqual(0.4 * width);
    await page.close();
  });
});
