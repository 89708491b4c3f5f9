import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BackstoryService, isBefore } from '../../../lib/background/service';
import type { MatcherTable } from '../../../lib/match/types';
import type { SerializedSearch } from '../../../lib/search/options';
import { FIRST } from '../../../lib/rank/rank';
import { committedIndex, ROOT } from '../helpers';

const load = <T>(f: string): T => JSON.parse(readFileSync(join(ROOT, 'data', f), 'utf8')) as T;
const service = new BackstoryService(committedIndex(), load<SerializedSearch>('search.json'), load<MatcherTable>('matcher.json'));

describe('background service', () => {
  test('isBefore compares at the coarser precision', () => {
    expect(isBefore('2022-07-12', '2022-07-19')).toBe(true);
    expect(isBefore('2022-07', '2022-07-19')).toBe(false);
    expect(isBefore('2022-06', '2022-07-19')).toBe(true);
    expect(isBefore('2022', '2024-10-16')).toBe(true);
  });

  test('payload: events before the page date, touching the page entities, in the ranking\'s order', () => {
    const p = service.payload(['person:vladimir-putin', 'country:iran'], '2022-07-19');
    expect(p.events.length).toBeGreaterThan(0);
    for (const e of p.events) {
      expect(isBefore(e.date.value, '2022-07-19')).toBe(true);
      expect(e.entityIds.some((id) => id === 'person:vladimir-putin' || id === 'country:iran')).toBe(true);
    }
    expect(p.events.map((e) => e.id)).toEqual(p.ranked.filter((r) => r.kind === 'event').map((r) => r.id));
    const scores = p.ranked.filter((r) => r.kind === 'event' && !r.repeat).map((r) => r.score);
    // Best first, except where diversity moved an item (at most two of the first five from one article).
    expect(scores.slice(FIRST)).toEqual([...scores.slice(FIRST)].sort((a, b) => b - a));
    for (const e of p.events) for (const s of e.sources) expect(p.documents[s.docId]).toBeDefined();
  });

  test('payload without a page date has every event of the entities', () => {
    const all = service.payload(['person:vladimir-putin'], null).events;
    expect(all.length).toBe(service.index.events.filter((e) => e.entityIds.includes('person:vladimir-putin')).length);
  });

  test('claims made after the page date are left out', () => {
    const p = service.payload(['country:iran', 'country:russia'], '2022-07-19');
    const claims = p.claimGroups.flatMap((g) => g.claims);
    expect(claims.length).toBeGreaterThan(0);
    for (const c of claims) expect(c.date === null || !isBefore('2022-07-19', c.date.value)).toBe(true);
    expect(claims.some((c) => c.docId.startsWith('doc:003'))).toBe(false);
  });

  test('claims come grouped by proposition with their stances together', () => {
    const p = service.payload(['place:tehran', 'country:russia'], null);
    const drones = p.claimGroups.find((g) => g.topic === 'iran-arms-for-russia');
    expect(drones?.label?.en).toBe("Iranian weapons for Russia's war in Ukraine");
    const stances = new Set(drones!.claims.map((c) => c.stance));
    expect(stances.has('asserts') && stances.has('denies') && stances.has('disputes')).toBe(true);
  });

  test('unknown ids are ignored; an unknown document is null', () => {
    expect(service.payload(['person:nobody'], null)).toMatchObject({ entities: [], events: [], claimGroups: [], documents: {}, ranked: [], self: null });
    expect(service.handle({ type: 'document', id: 'doc:nope' }, null)).toBeNull();
  });

  test('reports are kept per tab with the sender URL, and forgotten with the tab', () => {
    service.handle({ type: 'report', report: { onTopic: true, entityIds: ['country:iran'], mentionCount: 2 } }, 7, 'https://news.example/a');
    expect(service.handle({ type: 'pageState', tabId: 7 }, null)).toEqual({ onTopic: true, entityIds: ['country:iran'], mentionCount: 2, url: 'https://news.example/a' });
    service.forgetTab(7);
    expect(service.handle({ type: 'pageState', tabId: 7 }, null)).toBeNull();
  });
  test('the same page asking again gets the same payload; another page its own; an entity card does not change it', () => {
    const ids = ['country:russia', 'country:iran', 'weapon:drones', 'person:vladimir-putin'];
    const page = { title: 'Drones for Russia', text: 'Iran supplied drones to Russia, officials said.', zones: { 'weapon:drones': [1, 0, 2] as [number, number, number] } };
    const first = service.payload(ids, '2023-01-01', page);
    const again = service.payload(ids, '2023-01-01', { ...page });
    expect(again).toBe(first);
    const other = service.payload(ids, '2022-08-01', page);
    expect(other).not.toBe(first);
    expect(other.events.every((e) => isBefore(e.date.value, '2022-08-01') || !/^\d{4}/.test(e.date.value))).toBe(true);
    // A card sorts its events newest first, on a copy: the cached payload keeps the ranked order.
    const card = service.payload(['weapon:drones'], null);
    const order = card.events.map((e) => e.id);
    service.timeline('weapon:drones');
    expect(service.payload(['weapon:drones'], null).events.map((e) => e.id)).toEqual(order);
  });
});
