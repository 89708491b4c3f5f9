import { describe, expect, test } from 'vitest';
import { firstMatch, matchRanges, snippetAround, splitMarked } from '../../../lib/search/snippet';

describe('splitMarked', () => {
  test('marks folded terms in the original text, keeping its accents and case', () => {
    expect(splitMarked('Peseschkián met Putin.', ['peseschkian', 'putin'])).toEqual([
      { text: 'Peseschkián', mark: true },
      { text: ' met ', mark: false },
      { text: 'Putin', mark: true },
      { text: '.', mark: false },
    ]);
  });

  test('Persian and Arabic letter forms agree', () => {
    expect(splitMarked('رئیس‌جمهور پزشكيان', ['پزشکیان'])).toEqual([
      { text: 'رئیس‌جمهور ', mark: false },
      { text: 'پزشكيان', mark: true },
    ]);
  });

  test('overlapping terms merge; one-letter terms are ignored; no terms leaves the text whole', () => {
    expect(splitMarked('Shoigus', ['shoigu', 'shoigus', 's'])).toEqual([{ text: 'Shoigus', mark: true }]);
    expect(splitMarked('abc', [])).toEqual([{ text: 'abc', mark: false }]);
  });

  test('the runs always join back to the text', () => {
    const text = 'Ölembargo gegen Iran 🇮🇷 und Russland: Putin, Pezeshkian';
    expect(splitMarked(text, ['iran', 'putin', 'russland']).map((p) => p.text).join('')).toBe(text);
  });
});

describe('snippetAround', () => {
  const long = `${'Filler words about other matters. '.repeat(20)}Then Sergei Shoigu arrived in Tehran for talks. ${'More filler follows here. '.repeat(20)}`;

  test('a window around the first matched word, cut at spaces, with ellipses', () => {
    const s = snippetAround(long, ['shoigu'], 120);
    expect(s).toMatch(/^…\S/);
    expect(s).toMatch(/\S…$/);
    expect(s).toContain('Sergei Shoigu arrived');
    expect(s.length).toBeLessThanOrEqual(122);
  });

  test('short text is returned whole (white space collapsed)', () => {
    expect(snippetAround('  Putin\n in  Tehran ', ['putin'])).toBe('Putin in Tehran');
  });

  test('no match: the start of the text', () => {
    expect(snippetAround(long, ['nowhere'], 60).startsWith('Filler words')).toBe(true);
  });

  test('a word start is preferred to a match inside a word', () => {
    const text = `Erdoğan's Iranian counterpart ${'x '.repeat(200)} Iran`;
    expect(firstMatch(text, ['iran'])).toEqual([10, 14]);
    expect(firstMatch('Noiran here and then Iran', ['iran'])).toEqual([21, 25]);
    expect(firstMatch('Noiran only', ['iran'])).toEqual([2, 6]);
  });

  test('a match across the folding chunk boundary is found', () => {
    const text = `${'a '.repeat(1022)}xShoigu`; // "Shoigu" straddles offset 2048 but is not word-initial
    expect(firstMatch(`${'a '.repeat(1023)}Shoigu`, ['shoigu'])).toEqual([2046, 2052]);
    expect(firstMatch(text, ['shoigu'])).toEqual([2045, 2051]);
  });

  test('matchRanges reports original offsets after folding changes lengths', () => {
    expect(matchRanges('ﬁne Putin', ['putin'])).toEqual([[4, 9]]);
  });
});
