/**
 * A document with a web address, from end to end: an article folded in from a library file keeps its URL in the
 * index, the background's sidebar payload passes it on, and its citations link to it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BackstoryService } from '../../../lib/background/service';
import { claimCitation, formatCitation } from '../../../lib/cite/cite';
import { buildIndex } from '../../../lib/index/build';
import { readLexicons, readLibrary, readSeeds } from '../../../lib/cli/index-cmd';
import { gazetteer, ROOT, useLocale } from '../helpers';

describe('citing a library article', () => {
  test('the payload carries its URL and the citation names and links it', () => {
    useLocale('en');
    const lib = readLibrary(join(ROOT, 'tests/fixtures/library/team-library.json'));
    const built = buildIndex({
      ...readSeeds(join(ROOT, 'seeds')),
      gazetteer: gazetteer(),
      topics: readFileSync(join(ROOT, 'data/topics.json'), 'utf8'),
      lexicons: readLexicons(join(ROOT, 'data/lexicon')),
      library: [lib],
    });
    const service = new BackstoryService(built.index, built.search, built.table, built.rank);
    const payload = service.payload(['person:dmitry-peskov', 'country:iran', 'country:russia'], '2025-05-01');
    const claim = payload.claimGroups.flatMap((g) => g.claims).find((c) => c.claimant.entityId === 'person:dmitry-peskov' && c.stance === 'denies' && c.docId.startsWith('doc:lib-'));
    expect(claim, 'Peskov\'s denial from the library article').toBeTruthy();
    const url = lib.articles[0]!.url;
    expect(payload.documents[claim!.docId]?.url).toBe(url);
    const text = formatCitation(claimCitation(claim!, payload.documents), 'text');
    expect(text).toContain(`“${claim!.quote}”`);
    expect(text).toContain('Who said it: Dmitry Peskov (denies)');
    expect(text).toContain(`Source: “Moscow and Tehran push the north–south corridor”, Example News, Apr 17, 2025, ${url}`);
    expect(formatCitation(claimCitation(claim!, payload.documents), 'markdown')).toContain(`- **Source:** [Moscow and Tehran push the north–south corridor](${url}), Example News, Apr 17, 2025`);
    // The seeds have none: their summaries say null.
    const seeds = Object.values(payload.documents).filter((d) => !d.id.startsWith('doc:lib-'));
    expect(seeds.length).toBeGreaterThan(0);
    for (const d of seeds) expect(d.url).toBeNull();
  }, 120_000); // an index build in-process: seconds, more on the loaded machine
});
