import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CONTENT_SCRIPT_FILE, contentScriptBytes } from '../../bench/lib/content-script';
import { SEARCH_FILE } from '../../lib/search/options';
import { EXTENSION_DIR, ROOT, bodyBeforeAndAfter, highlightCounts, openExtensionPage, gotoAndReport, sidebar, useSession } from './harness';


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
    // The host is a manual popover in the top layer, a box of no size: the page's own layout does not change.
    const host = await page.evaluate(() => {
      const h = document.querySelector('backstory-root')!;
      const box = h.getBoundingClientRect();
      return { popover: h.getAttribute('popover'), open: h.matches(':popover-open'), position: getComputedStyle(h).position, size: [box.width, box.height] };
    });
    expect(host).toEqual({ popover: 'manual', open: true, position: 'fixed', size: [0, 0] });
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

describe('the content script every page parses', () => {
  test('carries no sidebar code (it is in sidebar.html\'s own scripts), and its size is the bench\'s contentScript_bytes', () => {
    const content = readFileSync(join(EXTENSION_DIR, CONTENT_SCRIPT_FILE), 'utf8');
    // What the sidebar frame loads: its module and the chunks it preloads.
    const html = readFileSync(join(EXTENSION_DIR, 'sidebar.html'), 'utf8');
    const scripts = [...html.matchAll(/(?:src|href)="\/(chunks\/[^"]+\.js)"/g)].map((m) => readFileSync(join(EXTENSION_DIR, m[1]!), 'utf8')).join('\n');
    // Marks of the sidebar's components (its test ids, its panel class, the story view's section heading key).
    const marks = ['more-events', 'prev-mention', 'bs-panel', 'sectionBefore'];
    expect(marks.filter((m) => scripts.includes(m))).toEqual(marks);
    expect(marks.filter((m) => content.includes(m))).toEqual([]);
    // The figure `npm run bench -- page` publishes, read the same way. The sidebar and Preact weighed ~27 KB of the
    // 128.7 KB before the move; this bound catches them coming back. Issue 10's budget (80 KB) is the bench's to report.
    const bytes = contentScriptBytes(EXTENSION_DIR);
    expect(bytes).toBe(Buffer.byteLength(content));
    expect(bytes).toBeLessThan(110 * 1024);
  });
});

describe("the service worker's script", () => {
  test('carries neither the search index nor the library\'s extraction; the index is a file pages cannot read, searched all the same', async () => {
    const background = readFileSync(join(EXTENSION_DIR, 'background.js'), 'utf8');
    const data = readFileSync(join(ROOT, 'data', SEARCH_FILE), 'utf8');
    // The search index's own keys (MiniSearch's serialized form) and Readability's constructor check: a worker's
    // script is read and compiled on every wake, so neither belongs there.
    const searchMark = /"fieldLength"|"averageFieldLength"/.exec(data)?.[0];
    expect(searchMark).toBeTruthy();
    expect(background).not.toContain(searchMark);
    expect(background).not.toContain('Readability constructor');
    // Shipped as it is in data/, and never web-accessible: a page fetching it by the extension's address is refused.
    expect(readFileSync(join(EXTENSION_DIR, SEARCH_FILE), 'utf8')).toBe(data);
    const manifest = readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8');
    expect(manifest).not.toContain(SEARCH_FILE);
    const page = await session.ext.context.newPage();
    await page.goto(`${session.server.url}/seed/1`);
    const fetched = await page.evaluate(async (url) => {
      try {
        return (await fetch(url)).ok ? 'read' : 'refused';
      } catch {
        return 'refused';
      }
    }, `chrome-extension://${session.ext.id}/${SEARCH_FILE}`);
    expect(fetched).toBe('refused');
    await page.close();
    // The worker reads it on the first search: the popup finds a name only the bundled search index holds.
    const popup = await openExtensionPage(session.ext, 'popup.html');
    await popup.getByTestId('search').fill('Kazan');
    await popup.getByTestId('result').first().waitFor();
    await popup.close();
  });
});
