import { describe, expect, test } from 'vitest';
import { bodyBeforeAndAfter, highlightCounts, openExtensionPage, gotoAndReport, sidebar, useSession } from './harness';


const session = useSession();

describe('foundation', () => {
  test('the content script runs on a served article: on topic, highlights, a tab with the count', async () => {
    const page = await session.ext.context.newPage();
    const url = `${session.server.url}/seed/1`;
    const report = await gotoAndReport(session.ext, page, url);
    expect(report.onTopic).toBe(true);
    expect(report.entityIds).toContain('person:vladimir-putin');
    const tab = page.getByTestId('tab');
    await expect.poll(() => tab.count()).toBe(1);
    expect(await tab.textContent()).toContain(String(report.mentionCount));
    const counts = await highlightCounts(page);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    // The count is every mention; what is painted is calmer (common names once per section).
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(report.mentionCount);
    expect(counts['backstory-person']).toBeGreaterThan(0);
    await tab.click();
    await (await sidebar(page)).getByText('Before this article').waitFor();
    await page.close();
  });

  test('the page DOM under <body> is byte-identical; the only addition is the shadow host', async () => {
    const page = await session.ext.context.newPage();
    const url = `${session.server.url}/seed/2`;
    await gotoAndReport(session.ext, page, url);
    await expect.poll(() => page.locator('backstory-root').count()).toBe(1);
    const { before, after } = await bodyBeforeAndAfter(page);
    expect(after).toBe(before);
    const extraChildren = await page.evaluate(() => [...document.documentElement.children].map((c) => c.tagName.toLowerCase()));
    expect(extraChildren).toEqual(['head', 'body', 'backstory-root']);
    await page.close();
  });

  test('the popup opens and answers through the background', async () => {
    const popup = await openExtensionPage(session.ext, 'popup.html');
    const box = popup.getByTestId('search');
    await expect.poll(() => popup.evaluate(() => document.activeElement?.id)).toBe('bs-q');
    await box.fill('Pezeshkiyan');
    const first = popup.getByTestId('result').first();
    await first.waitFor();
    expect(await first.getAttribute('data-id')).toBe('person:masoud-pezeshkian');
    await popup.close();
  });
});
