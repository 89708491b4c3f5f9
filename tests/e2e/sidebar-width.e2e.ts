/**
 * The sidebar's width in real Chromium at a narrow (800 px) and a wide (1280 px) window: the same rule as in the
 * Firefox suite (tests/e2e/fixtures.ts `sidebarWidthProblems`): at most 40% of the window, 400 px at most. What is
 * measured is the sidebar's frame in the page, and the panel filling it.
 */
import { describe, expect, test } from 'vitest';
import { sidebarWidthProblems } from './fixtures';
import { gotoAndReport, openSidebar, sidebarAtRest, useSession } from './harness';

const session = useSession();

describe('sidebar width', () => {
  test.each([800, 1280])('in a %i-pixel window: at most 40% of it, 400 px at most, against the right edge', async (width) => {
    const page = await session.ext.context.newPage();
    await page.setViewportSize({ width, height: 800 });
    const url = `${session.server.url}/seed/2`;
    await gotoAndReport(session.ext, page, url);
    const frame = await openSidebar(page);
    // Measured where the panel stays, not during its slide-in.
    await sidebarAtRest(page, frame);
    const box = (await (await frame.frameElement()).boundingBox())!;
    const viewport = await page.evaluate(() => ({ viewport: innerWidth, page: document.documentElement.clientWidth }));
    const measured = { width: box.width, right: box.x + box.width, ...viewport };
    // The panel fills its frame.
    expect(await frame.getByTestId('sidebar').evaluate((el) => [el.getBoundingClientRect().width, el.getBoundingClientRect().right, innerWidth])).toEqual([box.width, box.width, box.width]);
    expect(measured.viewport).toBe(width);
    expect(sidebarWidthProblems(measured.width, measured.viewport)).toEqual([]);
    expect(measured.right).toBe(measured.page);
    if (width === 800) expect(measured.width).toBeLessThanOrEqual(0.4 * width);
    await page.close();
  });
});
