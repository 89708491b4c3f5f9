import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { fuzzySearchOptions, loadSearch, querySearchOptions, searchTop, type SerializedSearch } from '../../../lib/search/options';
import { ROOT } from '../helpers';

const search = loadSearch(JSON.parse(readFileSync(join(ROOT, 'data', 'search.json'), 'utf8')) as SerializedSearch);
const QUERIES = ['russia', 'iran', 'lavrov', 'drones', 'shahed', 'tehran moscow', 'corridor', 'pezeshkian kazan', 'ra', 'sanktionen', 'no such word'];

describe('searchTop', () => {
  test("the first results of MiniSearch's own search, the same objects in the same order, and the count of them all", () => {
    let truncated = 0;
    for (const q of QUERIES) {
      for (const options of [querySearchOptions, fuzzySearchOptions]) {
        const all = search.search(q, options);
        for (const limit of [1, 3, 10, 1000]) {
          const top = searchTop(search, q, options, limit, new Set());
          expect(top.total).toBe(all.length);
          expect(top.results).toEqual(all.slice(0, limit));
          if (all.length > limit) truncated++;
        }
      }
    }
    expect(truncated).toBeGreaterThan(10);
  });

  test('one more result for each match the other index found (it counts once there)', () => {
    const all = search.search('russia', querySearchOptions);
    expect(all.length).toBeGreaterThan(8);
    const others = new Set([all[0]!.id, all[5]!.id, 'entity:not-here']);
    expect(searchTop(search, 'russia', querySearchOptions, 3, others).results).toEqual(all.slice(0, 5));
  });
});

describe('searchTop scores an AND query itself, as MiniSearch does', () => {
  const ms = search as unknown as { _index: Iterable<[string, unknown]> };
  const vocabulary = [...ms._index].map(([term]) => term);
  // Words of the index, cut short (a prefix being typed), with a typo, numbers, repeated, in any script it has.
  const word = fc.oneof(
    fc.constantFrom(...vocabulary),
    fc.constantFrom(...vocabulary).chain((w) => fc.nat(w.length).map((n) => w.slice(0, Math.max(1, n)))),
    fc.constantFrom(...vocabulary).chain((w) => fc.nat(w.length).map((n) => `${w.slice(0, n)}x${w.slice(n + 1)}`)),
    fc.constantFrom('russia', 'iran', 'ra', '2024', '136', 'shahed-136', 'peseschkian', 'پزشکیان', 'no'),
  );
  const query = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' '));

  test('the same results as MiniSearch: scores, order, matched terms and where, for any limit', () => {
    fc.assert(
      fc.property(query, fc.constantFrom(querySearchOptions, fuzzySearchOptions), fc.constantFrom(1, 2, 5, 30, 10_000), (q, options, limit) => {
        const all = search.search(q, options);
        const top = searchTop(search, q, options, limit, new Set());
        expect(top.total).toBe(all.length);
        expect(top.results).toEqual(all.slice(0, limit));
        // The same key order too (the popup shows the matched terms in that order).
        expect(top.results.map((r) => JSON.stringify(r))).toEqual(all.slice(0, limit).map((r) => JSON.stringify(r)));
      }),
      { numRuns: 400 },
    );
  });

  test('after documents were discarded (postings left behind until a vacuum), MiniSearch itself answers, and cleans up', () => {
    const discarded = () => {
      const copy = loadSearch(JSON.parse(readFileSync(join(ROOT, 'data', 'search.json'), 'utf8')) as SerializedSearch);
      for (const r of copy.search('russia', querySearchOptions).slice(0, 5)) copy.discard(`${r.kind as string}:${r.id as string}`);
      return copy;
    };
    // Each on an index as dirty as the other (a query that meets a discarded document's postings removes them).
    const [a, b] = [discarded(), discarded()];
    expect(searchTop(a, 'russia iran', querySearchOptions, 3, new Set()).results).toEqual(b.search('russia iran', querySearchOptions).slice(0, 3));
    expect(searchTop(a, 'russia', querySearchOptions, 1000, new Set()).results).toEqual(b.search('russia', querySearchOptions));
  });

  test('options it does not score itself (OR) go to MiniSearch', () => {
    const or = { ...querySearchOptions, combineWith: 'OR' as const };
    const all = search.search('russia drones', or);
    expect(all.length).toBeGreaterThan(search.search('russia drones', querySearchOptions).length);
    expect(searchTop(search, 'russia drones', or, 10, new Set()).results).toEqual(all.slice(0, 10));
  });
});
