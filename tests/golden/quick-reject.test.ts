/**
 * The content script's quick reject (lib/content/mentions.ts) decides as the full scan does: on every page of
 * ../shared/fixtures/readability-pages (when that folder exists; said below when it does not), the in-repo pages
 * and the seeds, the packed matcher + quick reject + gate give the same on-topic decision as `npm run scan`'s
 * full scan, and a page is rejected only when the full scan finds one side unnamed.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PageMentions } from '../../lib/content/mentions';
import { parseHtml, readPage } from '../../lib/cli/scan-files';
import { collectText, runToEnd } from '../../lib/dom/collect';
import { scanDocument, titleText } from '../../lib/dom/scan';
import { quickSteps } from '../../lib/content/quick';
import { Matcher } from '../../lib/match/matcher';
import { packTable } from '../../lib/match/packed';
import { SideCheck, sidePatterns, sideSteps } from '../../lib/match/sides';
import { decide } from '../../lib/topic/gate';
import { realMatcher, ROOT } from '../unit/helpers';

const SHARED = resolve(ROOT, '../shared/fixtures/readability-pages');
const sharedPresent = existsSync(SHARED);
const filesIn = (dir: string, ext: string): string[] => readdirSync(dir).filter((n) => n.endsWith(ext)).sort().map((n) => join(dir, n));

let sides: SideCheck | null = null;

/**
 * Both forms of the reject: on the matcher's mentions (no side check) and on the side check the content script
 * runs before the matcher is loaded (lib/match/sides.ts). `rejected` counts the side check's rejects.
 */
function compare(files: string[]): { rejected: number; onTopic: number } {
  const built = realMatcher().matcher;
  const packed = new Matcher(packTable(realMatcher().table));
  sides ??= new SideCheck(sidePatterns(realMatcher().table));
  const differ: string[] = [];
  let rejected = 0;
  let onTopic = 0;
  for (const file of files) {
    const { doc, close } = parseHtml(readPage(file));
    const full = scanDocument(doc, built).decision;
    for (const check of [null, sides]) {
      const m = new PageMentions(doc, packed, () => null, check);
      runToEnd(m.fullScan());
      const quick = decide(packed.table, m.zoned(), m.words);
      const how = check ? 'side check' : 'matcher';
      if (quick.onTopic !== full.onTopic) differ.push(`${file} (${how}): full ${full.onTopic}, quick ${quick.onTopic}`);
      if (m.rejected && full.signals.russia > 0 && full.signals.iran > 0) differ.push(`${file} (${how}): rejected though both sides are named`);
      if (check && m.rejected) rejected++;
    }
    // The content script's quick reject reads the text in pieces: it says what the side check says of it joined.
    const joined = runToEnd(sideSteps(sides, collectText(doc.body).text, `${titleText(doc)}\n`));
    if (runToEnd(quickSteps(doc, sides)) !== (joined.russia && joined.iran)) differ.push(`${file}: quickSteps differs from the side check`);
    if (full.onTopic) onTopic++;
    void close();
  }
  expect(differ).toEqual([]);
  return { rejected, onTopic };
}

describe('quick reject decides as the full scan', () => {
  test('the seeds (all on topic) and the in-repo pages', () => {
    const seeds = compare(filesIn(join(ROOT, 'seeds'), '.txt'));
    expect(seeds).toEqual({ rejected: 0, onTopic: 5 });
    compare([...filesIn(join(ROOT, 'tests/fixtures/pages'), '.html'), ...filesIn(join(ROOT, 'tests/fixtures/readability'), '.html')]);
  });

  test.skipIf(!sharedPresent)(`every page of ../shared/fixtures/readability-pages${sharedPresent ? '' : ' (skipped: ../shared not present)'}`, () => {
    const files = filesIn(SHARED, '.html');
    expect(files.length).toBeGreaterThanOrEqual(100);
    const { rejected, onTopic } = compare(files);
    expect(onTopic).toBe(0);
    // Most real pages name at most one side: the reject is what runs on them (before the matcher is loaded).
    expect(rejected).toBeGreaterThan(files.length * 0.9);
  }, 600_000);
});
