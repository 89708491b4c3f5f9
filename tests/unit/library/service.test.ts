import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { describe, expect, test } from 'vitest';
import { BackstoryService } from '../../../lib/background/service';
import type { MatcherTable } from '../../../lib/match/types';
import type { RankStats } from '../../../lib/rank/stats';
import type { SerializedSearch } from '../../../lib/search/options';
import { analyseArticle } from '../../../lib/library/analyse';
import { bundledPipeline } from '../../../lib/library/bundled-pipeline';
import { extractArticle } from '../../../lib/library/extract';
import { committedIndex, ROOT } from '../helpers';

const load = <T>(f: string): T => JSON.parse(readFileSync(join(ROOT, 'data', f), 'utf8')) as T;
const pipeline = bundledPipeline();
const win = new Window();
const parse = (html: string): Document => new win.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
const analysed = (file: string) =>
  analyseArticle(
    extractArticle({ url: `https://news.example/2025/${file}`, html: readFileSync(join(ROOT, 'tests/fixtures/library', file), 'utf8'), lang: '', contentType: 'text/html' }, parse, '2026-01-02T03:04:05.000Z'),
    pipeline,
  );

describe('the background with the reader\'s library', () => {
  const service = new BackstoryService(committedIndex(), load<SerializedSearch>('search.json'), load<MatcherTable>('matcher.json'), load<RankStats>('rank.json'));
  const deal = analysed('corridor-deal.html');
  const page = ['person:sergey-lavrov', 'person:abbas-araghchi', 'place:north-south-transport-corridor', 'country:russia', 'country:iran'];
  const libraryItems = (p: ReturnType<typeof service.payload>): string[] =>
    [...p.events.flatMap((e) => e.sources.map((s) => s.docId)), ...p.claimGroups.flatMap((g) => g.claims.map((c) => c.docId))].filter((d) => d === deal.item.docId);

  test('the extension\'s pages see library items, marked as such; the page itself (hover card, tab) never does', () => {
    service.setLibrary([]);
    service.addLibrary(deal.item, deal.doc);
    const mine = service.payload(page, '2025-07-20', null, null, true);
    expect(libraryItems(mine).length).toBeGreaterThan(0);
    expect(mine.documents[deal.item.docId]).toMatchObject({ library: true, url: deal.item.url, outlet: 'Caspian Ledger' });
    const pages = service.handle({ type: 'payload', entityIds: page, pageDate: '2025-07-20' }, 1, 'https://news.example/x', false) as ReturnType<typeof service.payload>;
    expect(libraryItems(pages)).toEqual([]);
    expect(JSON.stringify(pages)).not.toContain('lib-');
  });

  test('search finds a phrase only the library article has, once its entries are loaded; removal takes it out', () => {
    service.setLibrary([deal.item]);
    expect(service.librarySearchLoaded).toBe(false);
    service.loadLibrarySearch([deal.doc]);
    const hits = service.query({ type: 'search', query: 'amber ledger protocol' }, true);
    expect(hits[0]).toMatchObject({ docId: deal.item.docId, library: true });
    expect(service.query({ type: 'search', query: 'amber ledger protocol' }, false)).toEqual([]);
    service.removeLibrary(deal.item.docId, []);
    expect(service.query({ type: 'search', query: 'amber ledger protocol' }, true)).toEqual([]);
    expect(libraryItems(service.payload(page, '2025-07-20', null, null, true))).toEqual([]);
  });

  test('an event another article reports joins it; removing one article keeps the other source', () => {
    const follow = analysed('corridor-followup.html');
    // The same happening from a second library article: its own report of the March signing.
    const echo = { ...deal.item, docId: 'doc:lib-echo', url: 'https://other.example/echo', events: deal.item.events.map((e) => ({ ...e, id: e.id.replace(deal.item.docId.slice(4), 'lib-echo'), docId: 'doc:lib-echo', sources: e.sources.map((s) => ({ ...s, docId: 'doc:lib-echo' })) })), claims: [] };
    service.setLibrary([deal.item, echo, follow.item]);
    const joined = service.payload(page, '2025-12-31', null, null, true).events.find((e) => e.sources.some((s) => s.docId === deal.item.docId));
    expect(joined?.sources.map((s) => s.docId)).toEqual(expect.arrayContaining([deal.item.docId, 'doc:lib-echo']));
    service.removeLibrary(deal.item.docId, [echo, follow.item]);
    const kept = service.payload(page, '2025-12-31', null, null, true).events.find((e) => e.sources.some((s) => s.docId === 'doc:lib-echo'));
    expect(kept?.sources.map((s) => s.docId)).toContain('doc:lib-echo');
    expect(kept?.sources.map((s) => s.docId)).not.toContain(deal.item.docId);
  });
});
