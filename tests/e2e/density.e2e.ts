/**
 * Calm highlights end to end: on a seed article split into two sections, the common names (Russia, Iran, Moscow,
 * ...) are painted once per section in the quiet style and the story's names at every mention; switching the
 * density on the options page changes what an open tab paints.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { loadContext, scanHtml } from '../../lib/cli/scan-files';
import { openExtensionPage, seedPage, useSession, gotoAndReport, type Route } from './harness';

/** Seed 2 with a second section: an <h2> before the middle paragraph. */
function calmPage(): string {
  const html = seedPage(2);
  const paragraphs = [...html.matchAll(/<p>/g)];
  const middle = paragraphs[Math.floor(paragraphs.length / 2)]!.index;
  return `${html.slice(0, middle)}<h2>Further reading</h2>\n${html.slice(middle)}`;
}

const route: Route = (req, res) => {
  if (req.url !== '/calm') return false;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(calmPage());
  return true;
};
const session = useSession([route]);

/** Each backstory highlight's ranges as text, in document order of their start. */
function painted(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const out: Record<string, string[]> = {};
    for (const [name, h] of CSS.highlights) {
      if (!name.startsWith('backstory-')) continue;
      const ranges = [...h].map((r) => {
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        return range;
      });
      ranges.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
      out[name] = ranges.map((r) => r.toString());
    }
    return out;
  });
}
const count = (p: Record<string, string[]>, quiet: boolean): number => Object.entries(p).reduce((n, [name, list]) => n + ((name === 'backstory-quiet') === quiet ? list.length : 0), 0);

describe('highlight density', () => {
  test('story names everywhere, common names once per section and quiet; the options switch what an open tab paints', async () => {
    const expected = scanHtml('calm', calmPage(), loadContext());
    expect(expected.onTopic).toBe(true);
    const text = (m: { start: number; end: number }): string => expected.pageText.slice(m.start, m.end);
    const quiet = expected.painted.filter((p) => p.style === 'quiet');
    const full = expected.painted.filter((p) => p.style === 'full');
    // The page has what the test is about: Russia more than once in each section, and a story name repeated.
    const russia = expected.painted.filter((p) => p.entityId === 'country:russia');
    expect(russia).toHaveLength(2);
    expect(expected.mentions.filter((m) => m.entityId === 'country:russia').length).toBeGreaterThan(3);
    expect(full.filter((p) => p.entityId === 'person:vladimir-putin').length).toBe(expected.mentions.filter((m) => m.entityId === 'person:vladimir-putin').length);

    const page = await session.ext.context.newPage();
    const url = `${session.server.url}/calm`;
    const report = await gotoAndReport(session.ext, page, url);
    // The gate and the sidebar's count see every mention; only the painting is calm.
    expect(report.mentionCount).toBe(expected.mentions.length);
    await expect.poll(async () => (await painted(page))['backstory-quiet'] ?? [], { timeout: 20_000 }).toEqual(quiet.map(text));
    const story = await painted(page);
    expect(count(story, false)).toBe(full.length);
    expect(story['backstory-person']).toEqual(full.filter((p) => p.entityId.startsWith('person:')).map(text));

    // Every mention, from the options page, reaches the open tab without a reload.
    const options = await openExtensionPage(session.ext, 'options.html');
    expect(await options.getByTestId('density-story').isChecked()).toBe(true);
    await options.getByTestId('density-all').check();
    await expect.poll(async () => { const p = await painted(page); return [count(p, false), count(p, true)]; }, { timeout: 20_000 }).toEqual([expected.mentions.length, 0]);

    // The first mention of every name in each section, in full.
    await options.getByTestId('density-first').check();
    const firsts = new Set<string>();
    const heading = expected.pageText.indexOf('Further reading');
    for (const m of expected.mentions) firsts.add(`${m.start >= heading ? 1 : 0}|${m.entityId}`);
    await expect.poll(async () => { const p = await painted(page); return [count(p, false), count(p, true)]; }, { timeout: 20_000 }).toEqual([firsts.size, 0]);

    await options.getByTestId('density-story').check();
    await expect.poll(async () => (await painted(page))['backstory-quiet'] ?? [], { timeout: 20_000 }).toEqual(quiet.map(text));
    await options.close();
    await page.close();
  }, 120_000);
});
