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
  test('the search index given as a function is parsed when the first search needs it, not for a payload', () => {
    let parsed = 0;
    const lazy = new BackstoryService(committedIndex(), () => (parsed++, load<SerializedSearch>('search.json')), load<MatcherTable>('matcher.json'));
    lazy.payload(['person:vladimir-putin', 'country:iran'], '2022-07-19');
    expect(parsed).toBe(0);
    const q = { type: 'search', query: 'putin tehran', limit: 10 } as const;
    expect(lazy.query(q)).toEqual(service.query(q));
    lazy.query({ ...q, query: 'iran' });
    expect(parsed).toBe(1);
  });

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

describe('a payload asked without `all` carries the best items only, when there are many', () => {
  const ids = ['person:vladimir-putin', 'country:iran', 'country:russia', 'weapon:drones'];
  const limits = { events: 4, groups: 2, claimsPerGroup: 1 };
  const small = new BackstoryService(committedIndex(), load<SerializedSearch>('search.json'), load<MatcherTable>('matcher.json'), undefined, limits);
  const full = service.payload(ids, null);
  const part = small.payload(ids, null);
  const claimIds = (p: typeof full): string[] => p.claimGroups.flatMap((g) => g.claims.map((c) => c.id));

  test('the bundled index alone is under the default limits: its payloads are complete', () => {
    const everyone = service.index.entities.map((e) => e.id);
    expect(service.payload(everyone, null).more).toBeUndefined();
    expect(full.more).toBeUndefined();
    expect(full.events.length).toBeGreaterThan(limits.events);
  });

  test('the first events and groups of the whole ranking, in its order, and the totals in `more`', () => {
    expect(part.more).toEqual({ events: full.events.length, claims: claimIds(full).length });
    expect(part.events.map((e) => e.id)).toEqual(full.events.slice(0, limits.events).map((e) => e.id));
    expect(part.claimGroups.map((g) => g.topic)).toEqual(full.claimGroups.slice(0, limits.groups).map((g) => g.topic));
    part.claimGroups.forEach((g, i) => {
      const whole = full.claimGroups[i]!;
      // The lead as in the whole payload, then at most `claimsPerGroup` of the others.
      expect(g.lead).toBe(whole.lead);
      expect(g.claims.slice(0, g.lead)).toEqual(whole.claims.slice(0, whole.lead));
      expect(g.claims.length).toBeLessThanOrEqual(g.lead + limits.claimsPerGroup);
      for (const c of g.claims) expect(whole.claims).toContainEqual(c);
    });
  });

  test('its ranked terms and documents are those of the items it carries; the counts are of the whole ranking', () => {
    const carried = new Set([...part.events.map((e) => `event:${e.id}`), ...claimIds(part).map((id) => `claim:${id}`)]);
    expect(new Set(part.ranked.map((r) => `${r.kind}:${r.id}`))).toEqual(carried);
    const docs = new Set([...part.events.flatMap((e) => e.sources.map((s) => s.docId)), ...part.claimGroups.flatMap((g) => g.claims.map((c) => c.docId))]);
    expect(new Set(Object.keys(part.documents))).toEqual(docs);
    expect(part.counts).toEqual(full.counts);
    for (const id of ids) {
      expect(full.counts[id]![0]).toBe(full.events.filter((e) => e.entityIds.includes(id)).length);
      expect(full.counts[id]![1]).toBe(full.claimGroups.flatMap((g) => g.claims).filter((c) => c.entityIds.includes(id) || c.claimant.entityId === id).length);
    }
  });

  test('with `all`, and for an entity card, everything: the same as under the default limits', () => {
    const all = small.payload(ids, null, null, null, false, { all: true });
    expect(all.more).toBeUndefined();
    expect(all).toEqual(full);
    expect(small.handle({ type: 'payload', entityIds: ids, pageDate: null, all: true }, null)).toEqual(full);
    expect(small.timeline('weapon:drones').events.length).toBe(service.timeline('weapon:drones').events.length);
  });

  test('with `upTo`, at least that many events, claim groups and claims of a group: the first ones of the whole ranking', () => {
    const allClaims = claimIds(full);
    for (const n of [1, limits.events + 1, full.events.length - 1, full.events.length, full.events.length + 5]) {
      const p = small.payload(ids, null, null, null, false, { upTo: n });
      expect(p.events.map((e) => e.id)).toEqual(full.events.slice(0, Math.max(n, limits.events)).map((e) => e.id));
      expect(p.claimGroups.map((g) => g.topic)).toEqual(full.claimGroups.slice(0, Math.max(n, limits.groups)).map((g) => g.topic));
      expect(claimIds(p).length).toBeGreaterThanOrEqual(Math.min(n, allClaims.length));
      // Complete once it holds every item: then it is the whole payload, with no `more`.
      if (p.more) expect(p.more).toEqual({ events: full.events.length, claims: allClaims.length });
      else expect(p).toEqual(full);
    }
    expect(small.payload(ids, null, null, null, false, { upTo: 100_000 })).toEqual(full);
    expect(small.handle({ type: 'payload', entityIds: ids, pageDate: null, upTo: limits.events + 1 }, null)).toEqual(small.payload(ids, null, null, null, false, { upTo: limits.events + 1 }));
  });

  test('with `focus`, the items naming that entity (a claimant too), in the same order, with their totals', () => {
    const focus = 'weapon:drones';
    const named = (p: typeof full) => ({ events: p.events.filter((e) => e.entityIds.includes(focus)).map((e) => e.id), claims: claimIds({ ...p, claimGroups: p.claimGroups.map((g) => ({ ...g, claims: g.claims.filter((c) => c.entityIds.includes(focus) || c.claimant.entityId === focus) })) }) });
    const whole = named(full);
    const focused = small.payload(ids, null, null, null, false, { focus });
    expect(focused.focus).toBe(focus);
    expect(focused.events.map((e) => e.id)).toEqual(whole.events.slice(0, limits.events));
    expect(focused.more).toEqual(whole.events.length > limits.events || whole.claims.length > focused.claimGroups.flatMap((g) => g.claims).length ? { events: whole.events.length, claims: whole.claims.length } : undefined);
    expect(focused.counts).toEqual(full.counts);
    const every = small.payload(ids, null, null, null, false, { focus, all: true });
    expect(every.more).toBeUndefined();
    expect(named(every)).toEqual(whole);
    expect(every.events.map((e) => e.id)).toEqual(whole.events);
    // Another entity than the page's is ignored.
    expect(small.payload(ids, null, null, null, false, { focus: 'person:nobody' })).toEqual(part);
  });
});
