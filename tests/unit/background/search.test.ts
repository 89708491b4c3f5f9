/**
 * The popup's query layer through the background service: normalisation, aliases in every script, prefix and
 * fuzzy matching, ranking, filters and snippets. The events and claims are a small synthetic set (the real ones
 * are still being built), on top of the committed entities and documents.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { BackstoryService } from '../../../lib/background/service';
import { searchDocs } from '../../../lib/index/build';
import type { BackstoryIndex, IndexClaim, IndexEvent } from '../../../lib/index/types';
import { parseRequest, type SearchHit } from '../../../lib/messages';
import { createSearch, loadSearch, SEARCH_VERSION, SearchVersionError, serializeSearch } from '../../../lib/search/options';
import { committedIndex, realMatcher } from '../helpers';

function claim(id: string, statement: string, quote: string, entityIds: string[], date: string | null, claimant = { entityId: null as string | null, text: 'Kyiv' }): IndexClaim {
  return { id, claimant, stance: 'asserts', statement, entityIds, date: date ? { value: date, basis: 'text' } : null, docId: 'doc:x', quote, start: 0, end: quote.length, topic: null, relatedClaimIds: [] };
}

function event(id: string, summary: string, quote: string, entityIds: string[], date: string): IndexEvent {
  return { id, date: { value: date, basis: 'text' }, precision: 'day', summary, kind: 'meeting', entityIds, placeId: null, docId: 'doc:x', quote, start: 0, end: quote.length, sources: [{ docId: 'doc:x', quote, start: 0, end: quote.length }] };
}

const CLAIMS: IndexClaim[] = [
  claim('claim:drones-supplied', 'Iran supplied Shahed drones to Russia', 'Ukraine says Iran has supplied hundreds of drones to Russia.', ['weapon:drones', 'country:iran', 'country:russia'], '2022-10-18', { entityId: 'country:ukraine', text: 'Ukraine' }),
  claim('claim:drones-denied', 'Iran did not supply drones for the war', 'Tehran denied sending any UAVs for use in Ukraine.', ['weapon:drones', 'country:iran'], '2022-10-20', { entityId: 'country:iran', text: 'Iran' }),
  claim('claim:grain', 'The grain deal is over', 'Moscow said the grain corridor had ended.', ['agreement:black-sea-grain-initiative'], '2023-07-17'),
];
const EVENTS: IndexEvent[] = [
  event('event:shoigu-tehran', 'Shoigu meets Iran’s military chiefs in Tehran', 'Russian Defence Minister Sergei Shoigu arrived in Tehran on Tuesday.', ['person:sergei-shoigu', 'place:tehran'], '2023-09-19'),
  event('event:putin-tehran', 'Putin visits Tehran', 'Vladimir Putin landed in Tehran for talks with Iran’s leaders.', ['person:vladimir-putin'], '2022-07-19'),
];

let service: BackstoryService;
let index: BackstoryIndex;

beforeAll(() => {
  const base = committedIndex();
  index = { ...base, events: EVENTS.filter((e) => e.entityIds.every((id) => base.entities.some((x) => x.id === id))), claims: CLAIMS };
  service = new BackstoryService(index, JSON.parse(JSON.stringify(serializeSearch(createSearch(searchDocs(index))))), realMatcher().table);
});

const search = (query: string, extra: Partial<{ kinds: SearchHit['kind'][]; from: string; to: string }> = {}): SearchHit[] =>
  service.query({ type: 'search', query, limit: 40, ...extra });
const firstOf = (hits: SearchHit[], kind: SearchHit['kind']): SearchHit | undefined => hits.find((h) => h.kind === kind);

describe('search: names in every spelling and script', () => {
  test.each(['peseschkian', 'Pezeshkiyan', 'پزشکیان', 'Peseschkián', 'پزشكيان', 'Пезешкиан', 'PEZESHKIAN'])('%s finds Masoud Pezeshkian first', (q) => {
    expect(firstOf(search(q), 'entity')?.id).toBe('person:masoud-pezeshkian');
  });

  test.each(['schoigu', 'Shoigu', 'Шойгу', 'Choïgou'])('%s finds Sergei Shoigu first', (q) => {
    expect(firstOf(search(q), 'entity')?.id).toBe('person:sergei-shoigu');
  });

  test.each(['drohnen', 'drones', 'Drohne', 'پهپاد', 'беспилотники'])('%s finds the drone claims, in English text', (q) => {
    const claims = search(q, { kinds: ['claim'] }).map((h) => h.id);
    expect(claims).toEqual(expect.arrayContaining(['claim:drones-supplied', 'claim:drones-denied']));
    expect(claims).not.toContain('claim:grain');
  });

  test('a claimant name finds the claims it made', () => {
    expect(search('ukraine', { kinds: ['claim'] }).map((h) => h.id)).toContain('claim:drones-supplied');
  });
});

describe('search: prefix and fuzzy matching', () => {
  test('the word being typed matches as a prefix', () => {
    expect(firstOf(search('pezesh'), 'entity')?.id).toBe('person:masoud-pezeshkian');
    expect(firstOf(search('masoud pez'), 'entity')?.id).toBe('person:masoud-pezeshkian');
  });

  test('earlier words must be whole words (prefix only for the last one)', () => {
    expect(search('pez masoud').filter((h) => h.kind === 'entity')).toEqual([]);
  });

  test.each([
    ['pezeshkan', 'person:masoud-pezeshkian'],
    ['shoigo', 'person:sergei-shoigu'],
    ['khamenai', 'person:ali-khamenei'],
  ])('a typo (%s) still finds %s', (q, id) => {
    expect(search(q).filter((h) => h.kind === 'entity').map((h) => h.id)).toContain(id);
  });

  test('short words are not fuzzy: "shoig" is a prefix, "irn" (one edit from "iran") is not a typo of it', () => {
    expect(firstOf(search('shoig'), 'entity')?.id).toBe('person:sergei-shoigu');
    // "iran" is a whole word of the Shoigu event; a three-letter word one edit away must not reach it ...
    expect(search('irn tehran', { kinds: ['event'] })).toEqual([]);
    expect(search('shoigu irn', { kinds: ['event'] })).toEqual([]);
    // ... while a longer word one edit away does (the same query shape, so the fuzzy pass does run).
    expect(search('shoigi tehran', { kinds: ['event'] }).map((h) => h.id)).toEqual(['event:shoigu-tehran']);
  });

  test('several words must all match', () => {
    const hits = search('shoigu tehran', { kinds: ['event'] }).map((h) => h.id);
    expect(hits).toEqual(['event:shoigu-tehran']);
  });

  test('an empty or blank query finds nothing', () => {
    expect(search('')).toEqual([]);
    expect(search('   ')).toEqual([]);
  });
});

describe('search: ranking', () => {
  test('the entity named by the query ranks above entities that merely mention it', () => {
    const entities = search('putin', { kinds: ['entity'] });
    expect(entities[0]?.id).toBe('person:vladimir-putin');
  });

  test('a query that is one of an entity\'s names puts that entity first', () => {
    expect(firstOf(search('drohnen'), 'entity')?.id).toBe('weapon:drones');
    expect(firstOf(search('Drones'), 'entity')?.id).toBe('weapon:drones');
    expect(firstOf(search('shahed'), 'entity')?.id).toBe('weapon:shahed-136');
  });

  test('an exact word outranks a fuzzy neighbour: "iran" gives Iran, not Iraq, first', () => {
    expect(search('iran', { kinds: ['entity'] })[0]?.id).toBe('country:iran');
  });

  test('scores are sorted, best first', () => {
    const scores = search('iran russia').map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});

describe('search: filters', () => {
  test('by kind', () => {
    const hits = search('drones', { kinds: ['claim', 'event'] });
    expect(hits.length).toBeGreaterThan(0);
    expect(new Set(hits.map((h) => h.kind))).toEqual(new Set(['claim']));
  });

  test('by date range, compared at the precision of each date', () => {
    const ids = (from?: string, to?: string): string[] => search('drones', { kinds: ['claim'], ...(from ? { from } : {}), ...(to ? { to } : {}) }).map((h) => h.id);
    expect(ids('2022-10-19')).toEqual(['claim:drones-denied']);
    expect(ids(undefined, '2022-10-19')).toEqual(['claim:drones-supplied']);
    expect(ids('2022-10', '2022-10').sort()).toEqual(['claim:drones-denied', 'claim:drones-supplied']);
    expect(ids('2023-01-01')).toEqual([]);
  });

  test('documents carry their date and can be filtered out by it', () => {
    const docs = search('putin', { kinds: ['document'], from: '2024-01-01' });
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) expect(d.date!.value >= '2024').toBe(true);
  });
});

describe('search: hits', () => {
  test('a document snippet is a window around the first matched word, not the article start', () => {
    const doc = index.documents.find((d) => d.id === 'doc:003_076c245ec5b6379e')!;
    const word = 'hezbollah';
    const at = doc.text.toLowerCase().indexOf(word);
    expect(at).toBeGreaterThan(200);
    const hit = search(word, { kinds: ['document'] }).find((h) => h.id === doc.id)!;
    expect(hit.snippet.toLowerCase()).toContain(word);
    expect(hit.snippet.startsWith('…')).toBe(true);
    expect(hit.snippet.length).toBeLessThanOrEqual(162);
    expect(hit.terms).toContain(word);
  });

  test('an entity found by another name shows that name in its snippet', () => {
    const hit = firstOf(search('peseschkian'), 'entity')!;
    expect(hit.snippet).toMatch(/^Peseschkian\b.* — President of Iran/);
    expect(firstOf(search('پزشکیان'), 'entity')!.snippet).toMatch(/^پزشکیان/);
    expect(firstOf(search('pezeshkian'), 'entity')!.snippet).not.toMatch(/—/);
  });

  test('an entity snippet follows the requested language', () => {
    const en = service.query({ type: 'search', query: 'shoigu', kinds: ['entity'], lang: 'en' })[0]!;
    const de = service.query({ type: 'search', query: 'shoigu', kinds: ['entity'], lang: 'de' })[0]!;
    const entity = index.entities.find((e) => e.id === 'person:sergei-shoigu')!;
    expect(en.snippet).toBe(entity.description.en);
    expect(de.snippet).toBe(entity.description.de);
  });

  test('events and claims open the reader at their passage', () => {
    const c = search('drohnen', { kinds: ['claim'] })[0]!;
    expect(c.docId).toBe('doc:x');
    expect([c.start, c.end]).toEqual([0, CLAIMS.find((x) => x.id === c.id)!.quote.length]);
  });

  test('the search request is validated, including the language', () => {
    expect(parseRequest({ type: 'search', query: 'x', lang: 'de' })).toEqual({ type: 'search', query: 'x', lang: 'de' });
    expect(parseRequest({ type: 'search', query: 'x', lang: 'fr' })).toBeNull();
    expect(parseRequest({ type: 'search', query: 'x', from: '2022-07' })).toEqual({ type: 'search', query: 'x', from: '2022-07' });
    expect(parseRequest({ type: 'search', query: 'x', from: '2024-02-29', to: '2025' })).toEqual({ type: 'search', query: 'x', from: '2024-02-29', to: '2025' });
    for (const bad of ['2022-13', '2022-00', '2023-02-29', '2022-7', '22-07-01', 20220701]) {
      expect(parseRequest({ type: 'search', query: 'x', from: bad }), String(bad)).toBeNull();
      expect(parseRequest({ type: 'search', query: 'x', to: bad }), String(bad)).toBeNull();
    }
  });
});

describe('search: the serialized index', () => {
  test('an index of another version is refused with an error saying what to run; the service does not start on it', () => {
    const data = JSON.parse(JSON.stringify(serializeSearch(createSearch(searchDocs(index))))) as ReturnType<typeof serializeSearch>;
    // The control: the same data with the right version loads and answers.
    expect(loadSearch(data).search('shoigu').length).toBeGreaterThan(0);
    for (const version of [SEARCH_VERSION - 1, SEARCH_VERSION + 1, undefined]) {
      const other = { ...data, version } as typeof data;
      expect(() => loadSearch(other)).toThrow(SearchVersionError);
      expect(() => loadSearch(other)).toThrow(`search index version ${String(version)} does not match ${SEARCH_VERSION}: run npm run index`);
      expect(() => new BackstoryService(index, other, realMatcher().table)).toThrow(SearchVersionError);
    }
  });
});
