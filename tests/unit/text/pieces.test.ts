import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { matchRange, matchSteps, MATCH_STEP } from '../../../lib/dom/scan';
import { runToEnd } from '../../../lib/dom/collect';
import type { Mention } from '../../../lib/match/types';
import { PieceText } from '../../../lib/text/pieces';
import { realMatcher } from '../helpers';

const { matcher } = realMatcher();
/** Pieces of text with line breaks and empty pieces among them. */
const pieces = fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', '\n', 'Putin\n', 'Tehran', ' Iran ', 'Moskau.\n')), { maxLength: 12 });
const offset = fc.integer({ min: -20, max: 120 });

describe('PieceText', () => {
  test('reads as the joined string does: its length, any slice (offsets as String.prototype.slice takes them) and where a character is next', () => {
    fc.assert(
      fc.property(pieces, offset, offset, fc.constantFrom('\n', 'i', ' ', 'x'), (parts, a, b, ch) => {
        const joined = parts.join('');
        const text = new PieceText(parts);
        expect(text.length).toBe(joined.length);
        expect(text.slice(a, b)).toBe(joined.slice(a, b));
        expect(text.slice(a)).toBe(joined.slice(a));
        expect(text.slice()).toBe(joined);
        expect(text.indexOf(ch, a)).toBe(joined.indexOf(ch, a));
        expect(text.indexOf(ch)).toBe(joined.indexOf(ch));
      }),
      { numRuns: 3000 },
    );
    expect(() => new PieceText(['ab', 'c']).indexOf('bc')).toThrow(/one character/);
  });

  test('the matcher\'s steps find in the pieces what they find in the joined text: the mentions, the words, and where a limited match stopped', () => {
    const sentence = fc.constantFrom('Putin met Pezeshkian in Tehran.', 'Moskau und Teheran', 'the Kremlin said', 'Iran\'s drones', 'nothing here', 'Lavrov\n', 'Chamenei');
    fc.assert(
      fc.property(fc.array(fc.tuple(sentence, fc.integer({ min: 0, max: 30 })), { minLength: 1, maxLength: 40 }), fc.integer({ min: 8, max: 200 }), fc.integer({ min: 1, max: 6 }), (parts, step, limit) => {
        // Cut the text at arbitrary places, inside names too.
        const joined = parts.map(([s]) => s).join(' ');
        const cut: string[] = [];
        let at = 0;
        for (const [, n] of parts) {
          cut.push(joined.slice(at, Math.min(joined.length, at + n)));
          at = Math.min(joined.length, at + n);
        }
        cut.push(joined.slice(at));
        const text = new PieceText(cut);
        expect(runToEnd(matchSteps(matcher, text, step))).toEqual(runToEnd(matchSteps(matcher, joined, step)));
        const limited = runToEnd(matchSteps(matcher, text, step, limit));
        expect(limited).toEqual(runToEnd(matchSteps(matcher, joined, step, limit)));
        const rest: Mention[] = [];
        expect(runToEnd(matchRange(matcher, text, limited.matchedTo, text.length, MATCH_STEP, rest))).toBe(joined.length);
        expect([...limited.mentions, ...rest]).toEqual(runToEnd(matchSteps(matcher, joined, step)).mentions);
      }),
      { numRuns: 300 },
    );
    // Names cut across pieces are found whole.
    expect(runToEnd(matchSteps(matcher, new PieceText(['Pu', 'tin met Pezesh', 'kian\nin Teh', 'ran']), 8)).mentions.map((m) => [m.start, m.end])).toEqual([[0, 5], [10, 20], [24, 30]]);
  });
});
