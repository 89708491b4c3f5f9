import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { collapseSpace, firstMatch, foldWithMap, matchRanges, snippetAround, splitMarked, type Folded } from '../../../lib/search/snippet';
import { foldCodePoint } from '../../../lib/text/normalize';

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

describe('the snippet helpers are the plain definitions, only faster', () => {
  /** Folding code point by code point, as `foldWithMap` was first written. */
  const plainFold = (text: string): Folded => {
    let folded = '';
    const map: number[] = [];
    for (let i = 0; i < text.length; ) {
      const cp = text.codePointAt(i)!;
      const f = foldCodePoint(cp);
      for (let k = 0; k < f.length; k++) map.push(i);
      folded += f;
      i += cp > 0xffff ? 2 : 1;
    }
    map.push(text.length);
    return { folded, map };
  };
  // ASCII with its white space and back quote, letters that fold to more or fewer characters, marks, spaces of
  // other scripts, Persian, astral code points, lone surrogates.
  const piece = fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.constantFrom(' ', '  ', '\n\n', '\t', '\r\n', '\u00a0', '\u2003', '\u200b', '`', 'ß', 'ǅ', 'İ', 'ﬁ', 'é', 'e\u0301', 'Ä', '–', 'ي', 'ك', 'ـ', '\u200c', '\ufeff', '𝐀', '😀', '\ud800', '\udc00', 'Peseschkián', 'Shahed-136'),
  );
  const text = fc.array(piece, { maxLength: 30 }).map((xs) => xs.join(''));

  test('foldWithMap folds and maps every offset as folding each code point does', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(foldWithMap(t)).toEqual(plainFold(t));
      }),
      { numRuns: 2000 },
    );
  });

  test('collapseSpace is every run of white space made one space, trimmed', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(collapseSpace(t)).toBe(t.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 2000 },
    );
  });

  test('matchRanges finds what it finds in the text folded code point by code point', () => {
    const words = fc.constantFrom('customs', 'figures', 'peseschkian', 'shahed', 'ss', 'fi', 'e', "o'", 'a b');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.constantFrom('Customs ', 'figures', 'xcustoms ', 'Peseschkián ', 'STRASSE ', 'ﬁgures ', 'O`Brien')), { maxLength: 40 }), fc.array(words, { minLength: 1, maxLength: 3 }), fc.boolean(), (parts, terms, wordStart) => {
        const t = parts.join('');
        expect(matchRanges(t, terms, wordStart)).toEqual(matchRanges(t, terms, wordStart, plainFold(t)));
      }),
      { numRuns: 2000 },
    );
  });

  test('firstMatch finds the first word-initial match across chunks, else the first anywhere', () => {
    const words = fc.constantFrom('customs', 'figures', 'peseschkian', 'shahed', 'ss', 'fi', 'e');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.constantFrom('Customs ', 'figures', 'xcustoms ', 'Peseschkián ', 'STRASSE ', 'ﬁgures ')), { maxLength: 400 }), fc.array(words, { minLength: 1, maxLength: 3 }), (parts, terms) => {
        const t = parts.join('');
        const all = matchRanges(t, terms, true, plainFold(t));
        const any = matchRanges(t, terms, false, plainFold(t));
        const found = firstMatch(t, terms);
        if (all.length) expect(found).toEqual(all[0]);
        else expect(found).toEqual(any[0] ?? null);
      }),
      { numRuns: 300 },
    );
  });
});
