/**
 * The topic gate's sweep: real pages that are not about Russia–Iran relations must come out not on topic, with no
 * mention inside a word. All 130 pages of ../shared/fixtures/readability-pages when that folder is present; the
 * in-repo subset (tests/fixtures/readability, pages that name Russia or Iran in passing) always.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadContext, scanFile, type ScanResultWithText } from '../../lib/cli/scan-files';
import { isUnspacedCodePoint } from '../../lib/text/normalize';
import { ROOT } from '../unit/helpers';

const SHARED = resolve(ROOT, '../shared/fixtures/readability-pages');
const LOCAL = join(ROOT, 'tests/fixtures/readability');
const sharedPresent = existsSync(SHARED);
const htmlIn = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.html')).sort().map((n) => join(dir, n));

const LETTER = /\p{L}/u;

/** Whether `a` and `b`, side by side, are letters of one word (Han and kana have no word boundaries to keep). */
const sameWord = (a: string, b: string): boolean =>
  LETTER.test(a) && LETTER.test(b) && !isUnspacedCodePoint(a.codePointAt(0)!) && !isUnspacedCodePoint(b.codePointAt(0)!);

/** Mentions whose neighbours in the page text are letters of the same word (a name found inside a word). */
function insideWords(r: ScanResultWithText, text: string): string[] {
  return r.mentions
    .filter((m) => (m.start > 0 && sameWord(text[m.start - 1]!, text[m.start]!)) || (m.end < text.length && sameWord(text[m.end - 1]!, text[m.end]!)))
    .map((m) => `${m.entityId} "${text.slice(Math.max(0, m.start - 10), m.end + 10)}"`);
}

function sweep(files: string[]): void {
  const ctx = loadContext();
  const onTopic: string[] = [];
  const inWords: string[] = [];
  for (const file of files) {
    const result = scanFile(file, ctx);
    const text = result.pageText;
    if (result.onTopic) onTopic.push(`${file} (score ${result.score})`);
    for (const w of insideWords(result, text)) inWords.push(`${file}: ${w}`);
  }
  expect(onTopic).toEqual([]);
  expect(inWords).toEqual([]);
}

describe('readability pages are not on topic', () => {
  test('the in-repo subset (pages naming Russia, Iran or Putin in passing)', () => {
    const files = htmlIn(LOCAL);
    expect(files.length).toBeGreaterThanOrEqual(5);
    // The subset is chosen because these pages do name the two countries: the sweep would be vacuous otherwise.
    const ctx = loadContext();
    const named = files.filter((f) => scanFile(f, ctx).mentions.some((m) => m.entityId === 'country:russia' || m.entityId === 'country:iran'));
    expect(named.length).toBe(files.length);
    sweep(files);
  }, 180_000); // the pages are scanned twice; on the loaded 2-core machine this took over 30 s

  test.skipIf(!sharedPresent)(`all 130 pages of ../shared/fixtures/readability-pages${sharedPresent ? '' : ' (skipped: ../shared not present)'}`, () => {
    const files = htmlIn(SHARED);
    expect(files.length).toBe(130);
    sweep(files);
  }, 600_000); // 130 pages parsed with happy-dom: 121 s once at load 20 on 2 cores
});
