import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileTable, GazetteerError, isAcronym } from '../../../lib/match/compile';
import { Matcher } from '../../../lib/match/matcher';
import { packTable } from '../../../lib/match/packed';
import type { Gazetteer, GazetteerEntity } from '../../../lib/match/types';
import { normalize } from '../../../lib/text/normalize';
import { found, realMatcher, ROOT } from '../helpers';

const entity = (id: string, aliases: string[], extra: Partial<GazetteerEntity> = {}): GazetteerEntity => ({
  id,
  name: aliases[0]!,
  type: 'person',
  side: 'other',
  specific: false,
  inSeeds: true,
  description: { en: '', de: '' },
  aliases,
  ...extra,
});

describe('matcher on the real gazetteer', () => {
  test('whole words only: never inside "computing", "Miranda", Persian مسکونی', () => {
    expect(found('computing power and Miranda rights')).toEqual([]);
    expect(found('ساختمان مسکونی')).toEqual([]);
    expect(found('Kazan is a city; Kazanskaya is not')).toEqual([['place:kazan', 'Kazan']]);
  });

  test('spellings, inflections and scripts of the same entity', () => {
    const ids = (s: string): string[] => found(s).map(([id]) => id);
    expect(ids('Putin, Wladimir Putin, Путин, Путина, پوتین, Poutine')).toEqual(Array(6).fill('person:vladimir-putin'));
    expect(ids('Pezeshkian Pezeshkiyan Peseschkian پزشکیان')).toEqual(Array(4).fill('person:masoud-pezeshkian'));
    expect(ids('Shoigu Shoygu Schoigu')).toEqual(Array(3).fill('person:sergei-shoigu'));
    expect(ids('Amirabdollahian Amir-Abdollahian')).toEqual(Array(2).fill('person:hossein-amirabdollahian'));
    expect(ids('Russland Russlands Teheran')).toEqual(['country:russia', 'country:russia', 'place:tehran']);
  });

  test('possessives and German genitive belong to the name', () => {
    expect(found('Putin’s visit')).toEqual([['person:vladimir-putin', 'Putin’s']]);
    expect(found("Putin's visit")).toEqual([['person:vladimir-putin', "Putin's"]]);
    expect(found('Putins Besuch')).toEqual([['person:vladimir-putin', 'Putins']]);
  });

  test('longest match wins', () => {
    expect(found('Russian President Vladimir Putin')).toEqual([
      ['country:russia', 'Russian'],
      ['person:vladimir-putin', 'Vladimir Putin'],
    ]);
  });

  test('acronyms are case-sensitive', () => {
    expect(found('the IRGC and irgc')).toEqual([['org:irgc', 'IRGC']]);
  });

  test('demonyms point to their country and are marked', () => {
    const { matcher, table } = realMatcher();
    const [m] = matcher.match('iranischen');
    expect(table.entities[m!.entity]!.id).toBe('country:iran');
    expect(m!.demonym).toBe(true);
  });

  test('a name split across inline elements still matches (text is concatenated without separators)', () => {
    expect(found('Pu' + 'tin')).toEqual([['person:vladimir-putin', 'Putin']]);
    expect(found('Pu\u00ADtin')).toEqual([['person:vladimir-putin', 'Pu\u00ADtin']]);
  });
});

describe('compileTable', () => {
  test('rejects an alias claimed by two entities, naming both', () => {
    const gaz: Gazetteer = { version: 1, entities: [entity('a', ['Tehran']), entity('b', ['Teheran', 'tehran'])] };
    expect(() => compileTable(gaz)).toThrow(GazetteerError);
    expect(() => compileTable(gaz)).toThrow(/"tehran" of b is already an alias of a/);
  });
  test('rejects duplicate ids and unknown types', () => {
    expect(() => compileTable({ version: 1, entities: [entity('a', ['x']), entity('a', ['y'])] })).toThrow(/duplicate id "a"/);
    expect(() => compileTable({ version: 1, entities: [entity('a', ['x'], { type: 'planet' as never })] })).toThrow(/unknown type "planet"/);
  });
  test('acronym detection', () => {
    expect(isAcronym('IRGC')).toBe(true);
    expect(isAcronym('U.N.')).toBe(true);
    expect(isAcronym('Iran')).toBe(false);
    expect(isAcronym('BRICS')).toBe(true);
  });
});

const names = ['Putin', 'Iran', 'Moskau', 'Raisi', 'Amir-Abdollahian', 'Ali Khamenei', 'IRGC'];
const table = compileTable({ version: 1, entities: names.map((n, i) => entity(`e${i}`, [n])) });

// The same properties hold for the trie built from the table and for the automaton `npm run index` precompiles.
describe.each([
  ['built from the table', new Matcher(table)],
  ['precompiled (packed)', new Matcher(packTable(table))],
])('properties, trie %s', (_, matcher) => {
  const piece = fc.oneof(
    fc.constantFrom(...names, 'putin', 'MOSKAU', 'iranian', 'Pu\u00ADtin', ' ', '\n', ', ', '’s ', 'computing', 'Miranda', 'x', 'é', 'ی', '\u200C'),
    fc.string({ maxLength: 4 }),
  );
  const text = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));

  test('mentions are in order, inside the text, never overlapping', () => {
    fc.assert(
      fc.property(text, (s) => {
        let last = 0;
        for (const m of matcher.match(s)) {
          expect(m.start).toBeGreaterThanOrEqual(last);
          expect(m.end).toBeGreaterThan(m.start);
          expect(m.end).toBeLessThanOrEqual(s.length);
          last = m.end;
        }
      }),
    );
  });

  test('offsets round-trip: the matched original text folds to the alias (minus a possessive)', () => {
    fc.assert(
      fc.property(text, (s) => {
        for (const m of matcher.match(s)) {
          const folded = normalize(s.slice(m.start, m.end)).replace(/'s$|s$/, '');
          const alias = normalize(table.entities[m.entity]!.name);
          expect([alias, alias.replace(/s$/, '')]).toContain(folded);
        }
      }),
    );
  });

  test('matches are on word boundaries', () => {
    fc.assert(
      fc.property(text, (s) => {
        for (const m of matcher.match(s)) {
          const before = s.slice(0, m.start).replace(/[\u00AD\u200B-\u200F]+$/, '');
          expect(/[\p{L}\p{N}\p{M}]$/u.test(before)).toBe(false);
          expect(/^[\p{L}\p{N}\p{M}]/u.test(s.slice(m.end))).toBe(false);
        }
      }),
    );
  });
});

describe('the precompiled automaton', () => {
  const { table: real, matcher: built } = realMatcher();
  const packed = new Matcher(packTable(real));
  const aliases = real.aliases.map(([, , , original], i) => original ?? real.aliases[i]![0]);

  test('finds exactly what the trie built from the table finds, on text made of the real aliases', () => {
    const piece = fc.oneof(
      fc.constantFrom(...aliases, ...real.entities.map((e) => e.name)),
      fc.constantFrom(' ', '\n', ', ', '’s ', 's ', '-', 'x', 'É', 'ی', '\u200C', '\u00AD', 'Ü'),
      fc.string({ maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((p) => p.join('')), (s) => {
        expect(packed.match(s)).toEqual(built.match(s));
      }),
      { numRuns: 500 },
    );
  });

  test('every alias of the gazetteer is found by both, alone and in upper case', () => {
    for (const a of aliases) {
      expect(packed.match(a)).toEqual(built.match(a));
      expect(packed.match(a.toUpperCase())).toEqual(built.match(a.toUpperCase()));
    }
  });

  test('finds the same mentions as the built trie in the seeds and the in-repo pages (raw text and markup)', () => {
    const files = [
      ...readdirSync(join(ROOT, 'seeds')).filter((f) => f.endsWith('.txt')).map((f) => join(ROOT, 'seeds', f)),
      ...readdirSync(join(ROOT, 'tests/fixtures/readability')).filter((f) => f.endsWith('.html')).map((f) => join(ROOT, 'tests/fixtures/readability', f)),
    ];
    let mentions = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const want = built.match(text);
      mentions += want.length;
      expect(packed.match(text), f).toEqual(want);
    }
    expect(mentions).toBeGreaterThan(100);
  });

  test('is deterministic and carries the entities unchanged', () => {
    expect(JSON.stringify(packTable(real))).toBe(JSON.stringify(packTable(real)));
    expect(packTable(real).entities).toEqual(real.entities);
  });
});
