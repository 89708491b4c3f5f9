import { describe, expect, test } from 'vitest';
import type { IndexClaim, IndexEvent, Stance } from '../../../lib/index/types';
import type { Side } from '../../../lib/match/types';
import { claimContext, entityWeights, FIRST, idf, isKeptRanking, itemRecords, keptRanking, prepare, prepareRecords, preparedRecords, rank, rankedItem, ranking, restoreRanking, sentenceKeys, specificity, type PageProfile } from '../../../lib/rank/rank';
import { fingerprint, shingleHash, words } from '../../../lib/rank/fingerprint';
import { rankStats, type RankStats } from '../../../lib/rank/stats';
import { whyLine } from '../../../lib/rank/why';
import { committedIndex, ROOT, useLocale } from '../helpers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Plain data, as the ranking takes it: five documents, a few entities, one proposition.
const SIDES: Record<string, Side> = { 'country:russia': 'russia', 'country:iran': 'iran', 'person:putin': 'russia', 'weapon:shahed': 'iran', 'person:pezeshkian': 'iran', 'place:kazan': 'russia' };
const sideOf = (id: string): Side | undefined => SIDES[id] ?? 'other';
const DOC_TEXT: Record<string, string> = {
  'doc:a': 'Iran delivered Shahed drones to Russia for its war, Western officials said on Monday in a statement.',
  'doc:b': 'Putin met Pezeshkian in Kazan on the sidelines of the BRICS summit, where both leaders praised their cooperation.',
  'doc:c': 'Russia and Iran held talks in Moscow about trade and gas and a new railway line through the Caucasus.',
  'doc:d': 'Russia and Iran signed a partnership treaty in Moscow after months of talks between their governments.',
  'doc:e': 'The Kremlin said Russia and Iran would keep working together despite Western pressure and sanctions.',
};
const DOC_ENTITIES: Record<string, string[]> = {
  'doc:a': ['country:iran', 'weapon:shahed', 'country:russia'],
  'doc:b': ['person:putin', 'person:pezeshkian', 'place:kazan', 'country:russia', 'country:iran'],
  'doc:c': ['country:russia', 'country:iran'],
  'doc:d': ['country:russia', 'country:iran'],
  'doc:e': ['country:russia', 'country:iran', 'person:putin'],
};
const TOPICS = [
  { id: 'arms', label: { en: "Iranian weapons for Russia's war", de: 'Iranische Waffen für Russlands Krieg' }, sides: ['iran', 'russia'] as Array<'iran' | 'russia'>, keywords: ['drone', 'drones', 'weapons', 'delivered'] },
];

function stats(urls: Record<string, string> = {}): RankStats {
  return rankStats(
    Object.keys(DOC_TEXT).map((id) => ({ id, url: urls[id] ?? null, text: DOC_TEXT[id]!, entityIds: DOC_ENTITIES[id]! })),
    TOPICS,
    sideOf,
  );
}

let n = 0;
function ev(entityIds: string[], date: string, docIds: string[], start = n++ * 100): IndexEvent {
  const sources = docIds.map((docId) => ({ docId, quote: 'q', start, end: start + 1 }));
  return { id: `ev:${n++}`, date: { value: date, basis: 'text' }, precision: 'day', summary: 's', kind: 'meeting', entityIds, placeId: null, docId: docIds[0]!, quote: 'q', start, end: start + 1, sources };
}
function cl(entityIds: string[], docId: string, opts: { topic?: string; stance?: Stance; date?: string; start?: number } = {}): IndexClaim {
  const start = opts.start ?? n++ * 100;
  return {
    id: `cl:${n++}`,
    claimant: { entityId: null, text: 'officials' },
    stance: opts.stance ?? 'asserts',
    statement: 's',
    entityIds,
    date: opts.date ? { value: opts.date, basis: 'text' } : null,
    docId,
    quote: 'q',
    start,
    end: start + 1,
    topic: opts.topic ?? null,
    relatedClaimIds: [],
  };
}
function page(entities: PageProfile['entities'], more: Partial<PageProfile> = {}): PageProfile {
  return { entities, title: '', text: '', date: null, urls: [], ...more };
}

describe('ranking', () => {
  test('an entity named in every document weighs little; a rare one much; the title counts more than the body', () => {
    const s = stats();
    expect(s.df['country:russia']).toBe(5);
    expect(s.df['weapon:shahed']).toBe(1);
    expect(idf(5, 5)).toBeLessThan(idf(1, 5) / 10);
    const w = entityWeights(page({ 'country:russia': [1, 1, 5], 'weapon:shahed': [0, 0, 1], 'place:kazan': [1, 0, 0] }), s);
    expect(w.get('weapon:shahed')!).toBeGreaterThan(w.get('country:russia')! * 5);
    expect(w.get('place:kazan')!).toBeGreaterThan(w.get('weapon:shahed')!);
  });

  test('items about the page\'s specific names come before items that share only Russia and Iran', () => {
    const generic = ev(['country:russia', 'country:iran'], '2024-01-01', ['doc:c']);
    const drones = ev(['weapon:shahed', 'country:russia'], '2023-01-01', ['doc:a']);
    const r = rank(page({ 'country:russia': [1, 2, 6], 'country:iran': [1, 2, 6], 'weapon:shahed': [0, 1, 1] }), prepare([generic, drones], [], stats(), sideOf));
    expect(r.events.map((e) => e.id)).toEqual([drones.id, generic.id]);
    expect(r.events[0]!.why[0]).toMatchObject({ kind: 'entity', id: 'weapon:shahed' });
  });

  test('a proposition the page carries puts its claims first, denials with them', () => {
    const s = stats();
    const plain = cl(['country:russia', 'country:iran', 'person:putin'], 'doc:e');
    const assertion = cl(['country:russia', 'country:iran'], 'doc:a', { topic: 'arms' });
    const denial = cl(['country:iran'], 'doc:c', { topic: 'arms', stance: 'denies' });
    const ids = { 'country:russia': [1, 1, 3], 'country:iran': [1, 1, 3], 'person:putin': [0, 0, 1] } as PageProfile['entities'];
    const carried = rank(page(ids, { title: 'Iran delivered drones to Russia', text: 'The drones and other weapons were delivered by ship.' }), prepare([], [plain, assertion, denial], s, sideOf));
    expect(carried.claims.map((c) => c.id).slice(0, 2).sort()).toEqual([assertion.id, denial.id].sort());
    expect(carried.claims[0]!.why.some((p) => p.kind === 'proposition' && p.id === 'arms')).toBe(true);
    // The same names without the cues: no proposition, Putin's claim (one more shared name) first.
    const notCarried = rank(page(ids, { title: 'Russia and Iran', text: 'Talks went on.' }), prepare([], [plain, assertion, denial], s, sideOf));
    expect(notCarried.claims[0]!.id).toBe(plain.id);
    expect(notCarried.claims.every((c) => c.why.every((p) => p.kind !== 'proposition'))).toBe(true);
  });

  test('time: only events before the page date, the nearer first; an undated page ranks by story alone', () => {
    const old = ev(['weapon:shahed'], '2015-03-01', ['doc:a']);
    const near = ev(['weapon:shahed'], '2024-09-01', ['doc:b']);
    const later = ev(['weapon:shahed'], '2024-12-01', ['doc:c']);
    const p = prepare([old, near, later], [], stats(), sideOf);
    const dated = rank(page({ 'weapon:shahed': [0, 0, 1] }, { date: '2024-10-16' }), p);
    expect(dated.events.map((e) => e.id)).toEqual([near.id, old.id]);
    const undated = rank(page({ 'weapon:shahed': [0, 0, 1] }), p);
    expect(undated.events).toHaveLength(3);
    expect(new Set(undated.events.map((e) => e.score)).size).toBe(1);
  });

  test('an event whose year is unknown (a partial date, --MM-DD) is neither before nor after the page: it ranks as undated', () => {
    const near = ev(['weapon:shahed'], '2024-09-01', ['doc:a']);
    const yearless = ev(['weapon:shahed'], '--01-17', ['doc:b']);
    const p = prepare([near, yearless], [], stats(), sideOf);
    const dated = rank(page({ 'weapon:shahed': [0, 0, 1] }, { date: '2024-10-16' }), p);
    expect(dated.events.map((e) => e.id)).toEqual([near.id, yearless.id]);
    expect(dated.events.every((e) => Number.isFinite(e.score))).toBe(true);
    expect(dated.events[1]!.score).toBeLessThan(dated.events[0]!.score);
  });

  test('diversity: at most two of the first five from one article; one item per source sentence', () => {
    const same = Array.from({ length: 4 }, () => ev(['weapon:shahed', 'country:iran'], '2023-01-01', ['doc:a']));
    const others = [ev(['weapon:shahed'], '2023-01-01', ['doc:b']), ev(['weapon:shahed'], '2023-01-01', ['doc:c']), ev(['weapon:shahed'], '2023-01-01', ['doc:d'])];
    const p = prepare([...same, ...others], [], stats(), sideOf);
    const r = rank(page({ 'weapon:shahed': [1, 0, 0], 'country:iran': [1, 0, 0] }), p);
    const docOf = new Map([...same, ...others].map((e) => [e.id, e.docId]));
    const firstDocs = r.events.slice(0, FIRST).map((e) => docOf.get(e.id));
    expect(firstDocs.filter((d) => d === 'doc:a')).toHaveLength(2);
    // The doc:a items score higher: the two left out of the first five come right after them.
    expect(r.events.slice(FIRST).map((e) => docOf.get(e.id))).toEqual(['doc:a', 'doc:a']);

    // Two claims quoting the same sentence: the better keeps it, the other goes last.
    const claim = cl(['weapon:shahed', 'country:iran'], 'doc:b', { start: 5000 });
    const twin = cl(['weapon:shahed'], 'doc:b', { start: 5000 });
    const other = cl(['country:iran'], 'doc:c');
    const r2 = rank(page({ 'weapon:shahed': [1, 0, 0], 'country:iran': [1, 0, 0] }), prepare([], [claim, twin, other], stats(), sideOf));
    const pair = r2.claims.filter((c) => c.id === claim.id || c.id === twin.id);
    expect(pair.map((c) => c.repeat)).toEqual([false, true]);
    expect(r2.claims.at(-1)).toBe(pair[1]);
    expect(r2.claims.find((c) => c.id === other.id)!.repeat).toBe(false);
  });

  test('an event reported by several articles is one item, and weighs a little more', () => {
    const one = ev(['weapon:shahed'], '2023-01-01', ['doc:a']);
    const two = ev(['weapon:shahed'], '2023-01-01', ['doc:b', 'doc:c']);
    const r = rank(page({ 'weapon:shahed': [0, 0, 1] }), prepare([one, two], [], stats(), sideOf));
    expect(r.events[0]!.id).toBe(two.id);
    expect(r.events[0]!.why).toContainEqual({ kind: 'sources', value: 1.15 });
  });

  test('the article being read is not its own backstory: recognised by its URL', () => {
    const own = ev(['weapon:shahed'], '2023-01-01', ['doc:a']);
    const shared = ev(['weapon:shahed'], '2023-01-01', ['doc:a', 'doc:b']);
    const elsewhere = cl(['weapon:shahed'], 'doc:c');
    const ownClaim = cl(['weapon:shahed'], 'doc:a');
    const p = prepare([own, shared], [elsewhere, ownClaim], stats({ 'doc:a': 'https://news.example/2023/drones' }), sideOf);
    const r = rank(page({ 'weapon:shahed': [1, 0, 0] }, { urls: ['http://www.news.example/2023/drones/?utm_source=feed#top'] }), p);
    expect(r.self).toBe('doc:a');
    expect(r.events.map((e) => e.id)).toEqual([shared.id]);
    expect(r.claims.map((c) => c.id)).toEqual([elsewhere.id]);
    // Another address: nothing is left out.
    const other = rank(page({ 'weapon:shahed': [1, 0, 0] }, { urls: ['https://news.example/2023/other'] }), p);
    expect(other.self).toBeNull();
    expect(other.events).toHaveLength(2);
  });

  test('… and, without a URL, by the fingerprint of its text (its first paragraphs are enough)', () => {
    const long = 'Iranian engineers travelled to a Russian airfield to show how the drones are launched from trucks. '.repeat(1) +
      'Officials in Kyiv said the strikes on power stations came in waves at night, with dozens of drones each time. ' +
      'A spokesman for the Iranian foreign ministry denied that any weapons had been sent for use in Ukraine. ' +
      'Analysts in London said the deliveries began in the summer and grew through the autumn and winter.';
    const docs = [
      { id: 'doc:own', url: null, text: long, entityIds: ['weapon:shahed'] },
      { id: 'doc:x', url: null, text: DOC_TEXT['doc:c']!, entityIds: ['weapon:shahed'] },
    ];
    const s = rankStats(docs, [], sideOf);
    const own = cl(['weapon:shahed'], 'doc:own');
    const x = cl(['weapon:shahed'], 'doc:x');
    const p = prepare([], [own, x], s, sideOf);
    const firstParagraphs = long.split('. ').slice(0, 2).join('. ');
    const r = rank(page({ 'weapon:shahed': [0, 0, 1] }, { title: 'Drones', text: `Menu Home World\n${firstParagraphs}\nShare this article` }), p);
    expect(r.self).toBe('doc:own');
    expect(r.claims.map((c) => c.id)).toEqual([x.id]);
    const unrelated = rank(page({ 'weapon:shahed': [0, 0, 1] }, { title: 'Drones', text: 'Drones were seen over the airfield on Tuesday, the army said in a short statement to reporters.' }), p);
    expect(unrelated.self).toBeNull();
    expect(unrelated.claims).toHaveLength(2);
  });

  test('a name marked common weighs as if most documents named it, however few of this index do', () => {
    const s = stats();
    expect(s.df['person:putin']).toBe(2);
    const plain = specificity('person:putin', s);
    const asCommon = specificity('person:putin', { ...s, common: ['person:putin'] });
    expect(asCommon).toBeLessThan(plain / 2);
    // Already named by every document: no change.
    expect(specificity('country:russia', { ...s, common: ['country:russia'] })).toBe(specificity('country:russia', s));
  });

  test('an undated page that names a time gets the items of that time first, later ones after', () => {
    const before = ev(['weapon:shahed'], '2022-04-10', ['doc:a']);
    const then = ev(['weapon:shahed'], '2022-07-19', ['doc:b']);
    const after = ev(['weapon:shahed'], '2022-10-18', ['doc:c']);
    const p = prepare([after, before, then], [], stats(), sideOf);
    const r = rank(page({ 'weapon:shahed': [1, 0, 0] }, { title: 'Looking back', text: 'In July 2022 the drones came.' }), p);
    expect(r.events.map((e) => e.id)).toEqual([then.id, before.id, after.id]);
    expect(r.events[1]!.why).toContainEqual({ kind: 'time', value: expect.any(Number) });
    // The same page without the date it names: story alone, all equal.
    const plain = rank(page({ 'weapon:shahed': [1, 0, 0] }, { title: 'Looking back', text: 'The drones came.' }), p);
    expect(new Set(plain.events.map((e) => e.score)).size).toBe(1);
  });

  test('a claim made at a summit its article reports that day takes the summit\'s place as context', () => {
    const summit = { ...ev(['person:putin', 'person:pezeshkian', 'place:kazan'], '2024-10-23', ['doc:b'], 0), placeId: 'place:kazan', kind: 'summit' };
    const said = cl(['person:pezeshkian'], 'doc:b', { date: '2024-10-23', start: 200 });
    expect(claimContext(said, [summit])).toEqual(['place:kazan']);
    // Another day, another article, or a claim before the event: no context.
    expect(claimContext(cl(['person:pezeshkian'], 'doc:b', { date: '2024-10-24', start: 200 }), [summit])).toEqual([]);
    expect(claimContext(cl(['person:pezeshkian'], 'doc:c', { date: '2024-10-23', start: 200 }), [summit])).toEqual([]);
    const other = cl(['country:iran'], 'doc:c', { date: '2024-10-23' });
    const r = rank(page({ 'place:kazan': [1, 0, 1], 'country:iran': [0, 0, 1] }), prepare([summit], [other, said], stats(), sideOf));
    expect(r.claims[0]!.id).toBe(said.id);
    expect(r.claims[0]!.why).toContainEqual({ kind: 'entity', id: 'place:kazan', value: expect.any(Number) });
  });

  test('the fingerprint hashes each shingle as its words joined by spaces (the shipped statistics agree)', () => {
    const w = words('Iranian engineers travelled to a Russian airfield to show how the drones are launched from trucks at night');
    const expected = new Set<number>();
    for (let i = 0; i + 4 <= w.length; i++) {
      const h = shingleHash(w.slice(i, i + 4));
      if (h % 8 === 0) expected.add(h);
    }
    expect(fingerprint(w)).toEqual([...expected].sort((a, b) => a - b));
  });

  test('why lines are made from the score\'s own terms, through i18n', () => {
    useLocale('en');
    const names = { entity: (id: string) => ({ 'weapon:shahed': 'Shahed-136', 'person:pezeshkian': 'Masoud Pezeshkian', 'country:iran': 'Iran' })[id], proposition: (id: string) => (id === 'arms' ? TOPICS[0]!.label.en : undefined) };
    const e = ev(['weapon:shahed', 'person:pezeshkian', 'country:iran'], '2023-01-01', ['doc:a']);
    const r = rank(page({ 'weapon:shahed': [1, 1, 2], 'person:pezeshkian': [0, 1, 1], 'country:iran': [1, 1, 9] }), prepare([e], [], stats(), sideOf));
    expect(whyLine('event', r.events[0]!.why, names)).toBe('Shahed-136 · Masoud Pezeshkian');
    const c = cl(['country:iran', 'country:russia'], 'doc:a', { topic: 'arms' });
    const rc = rank(page({ 'country:iran': [1, 0, 1], 'country:russia': [1, 0, 1] }, { title: 'Drones for Russia', text: 'drones weapons' }), prepare([], [c], stats(), sideOf));
    expect(whyLine('claim', rc.claims[0]!.why, names)).toBe("same claim: Iranian weapons for Russia's war · Iran");
    useLocale('de');
    expect(whyLine('claim', rc.claims[0]!.why, { ...names, proposition: () => TOPICS[0]!.label.de })).toBe('gleiche Behauptung: Iranische Waffen für Russlands Krieg · Iran');
    useLocale('en');
  });

  test('prepared candidates kept (structured clone, as IndexedDB keeps them) are restored as they were prepared, and give their records back', () => {
    const index = committedIndex();
    const shipped = JSON.parse(readFileSync(join(ROOT, 'data', 'rank.json'), 'utf8')) as RankStats;
    const side = (id: string): Side | undefined => index.entities.find((e) => e.id === id)?.side;
    const records = itemRecords(index.events, index.claims, shipped, side);
    expect(records.some((r) => r.related.length)).toBe(true);
    const prepared = prepareRecords(records, shipped, side);
    const keys = sentenceKeys(prepared, records);
    const kept = structuredClone(keptRanking(prepared, keys));
    expect(isKeptRanking(kept)).toBe(true);
    const restored = restoreRanking(kept, shipped, side);
    // The fingerprint index restored packed (searched by binary search) recognises the same documents.
    expect({ ...restored, sideOf: null, fingerprints: null }).toEqual({ ...prepared, sideOf: null, fingerprints: null });
    expect(restored.fingerprints.fingerprints()).toEqual(new Map(shipped.documents.map((d) => [d.id, d.fingerprint])));
    for (const d of shipped.documents) {
      expect(restored.fingerprints.match(d.fingerprint)).toBe(prepared.fingerprints.match(d.fingerprint));
      expect(restored.fingerprints.match(d.fingerprint.slice(0, 12))).toBe(prepared.fingerprints.match(d.fingerprint.slice(0, 12)));
    }
    expect(preparedRecords(restored, kept.sentences.split('\n'))).toEqual(records);
    expect(preparedRecords(restored, keys, 10)).toEqual(records.slice(10));
    // Kept again from the restored items, it is the same.
    expect(keptRanking(restored, kept.sentences.split('\n'))).toEqual(kept);
    const p = page({ 'country:russia': [1, 2, 6], 'country:iran': [1, 2, 6], 'weapon:shahed-136': [0, 1, 1] }, { date: '2026-01-01', title: 'Drones for Russia' });
    expect(rank(p, restored)).toEqual(rank(p, prepared));
  });

  test('the ranking as item indexes gives each item, its score and its why, as the ranked items (the why made when asked for)', () => {
    const index = committedIndex();
    const shipped = JSON.parse(readFileSync(join(ROOT, 'data', 'rank.json'), 'utf8')) as RankStats;
    const side = (id: string): Side | undefined => index.entities.find((e) => e.id === id)?.side;
    const prepared = prepare(index.events, index.claims, shipped, side);
    for (const p of [
      page({ 'country:russia': [1, 2, 6], 'country:iran': [1, 2, 6], 'weapon:shahed-136': [0, 1, 1] }, { date: '2026-01-01', title: 'Drones for Russia' }),
      page({ 'country:russia': [0, 1, 3], 'country:iran': [1, 0, 2] }, { date: null, title: 'Russia and Iran in 2023' }),
    ]) {
      const r = ranking(p, prepared);
      const whole = rank(p, prepared);
      expect(r.events.length + r.claims.length).toBeGreaterThan(10);
      // In any order of asking, one item at a time.
      expect([...r.claims].reverse().map((i) => rankedItem(r, i)).reverse()).toEqual(whole.claims);
      expect(r.events.map((i) => rankedItem(r, i))).toEqual(whole.events);
      expect(whole.events.every((x) => x.why.length > 0)).toBe(true);
      expect({ self: r.self, weights: r.weights }).toEqual({ self: whole.self, weights: whole.weights });
    }
  });

  test('a kept ranking of another form (the JSON one of before, a damaged column) is refused', () => {
    const index = committedIndex();
    const shipped = JSON.parse(readFileSync(join(ROOT, 'data', 'rank.json'), 'utf8')) as RankStats;
    const prepared = prepare(index.events, index.claims, shipped, () => undefined);
    const kept = keptRanking(prepared, []);
    expect(isKeptRanking(structuredClone(kept))).toBe(true);
    expect(isKeptRanking(JSON.parse(JSON.stringify(kept)))).toBe(false);
    expect(isKeptRanking({ items: [['event', 'e1', [0], null, [0], [0], [], [], [], null, [], 0]], names: ['x'], docs: ['d'], sentenceCount: 1, sentences: 'k' })).toBe(false);
    expect(isKeptRanking({ ...kept, items: { ...kept.items, tie: kept.items.tie.subarray(1) } })).toBe(false);
    expect(isKeptRanking({ ...kept, items: { ...kept.items, entities: { ...kept.items.entities, values: kept.items.entities.values.subarray(1) } } })).toBe(false);
    expect(isKeptRanking(null)).toBe(false);
  });
});
