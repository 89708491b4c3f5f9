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
