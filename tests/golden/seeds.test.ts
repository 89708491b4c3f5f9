import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { BuildOutput } from '../../lib/index/build';
import type { IndexClaim } from '../../lib/index/types';
import { serializeOutputs } from '../../lib/cli/outputs';
import { buildSeeds, golden, GOLDEN } from './project';

let built: BuildOutput;
beforeAll(() => {
  built = buildSeeds();
}, 120_000);

const claimsBy = (pred: (c: IndexClaim) => boolean): IndexClaim[] => built.index.claims.filter(pred);

describe('seeds → index (golden)', () => {
  test('matches the reviewed golden file (regenerate: npm run golden:write)', () => {
    expect(golden(built)).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });

  test('deterministic: two builds give byte-identical files', () => {
    expect(serializeOutputs(buildSeeds())).toEqual(serializeOutputs(built));
  });

  test('every quote is verbatim from its document at its offsets', () => {
    const text = new Map(built.index.documents.map((d) => [d.id, d.text]));
    for (const e of built.index.events) for (const s of e.sources) expect(text.get(s.docId)!.slice(s.start, s.end)).toBe(s.quote);
    for (const c of built.index.claims) expect(text.get(c.docId)!.slice(c.start, c.end)).toBe(c.quote);
    for (const e of built.index.entities) for (const r of e.roles) expect(text.get(r.docId)!.slice(r.start, r.end)).toBe(r.quote);
  });

  test('site chrome is stripped, captions are kept and marked', () => {
    const all = built.index.documents.map((d) => d.text).join('\n');
    for (const chrome of ['Related posts', 'Recent Posts', 'Content is protected', 'Leave a Reply', 'Getty Images', 'Header Banner', 'rrt-allgemeines', 'Connect with us', '(frs with dpa)', 'Valeriy Sharifulin']) {
      expect(all).not.toContain(chrome);
    }
    const d3 = built.index.documents.find((d) => d.file.startsWith('003'))!;
    const captions = d3.captions.map((c) => d3.text.slice(c.start, c.end));
    expect(captions.some((c) => c.includes('October 8, 2024'))).toBe(true);
    expect(captions.some((c) => c.includes('October 11, 2024'))).toBe(true);
  });

  test('the text states seed 000 date and author, seed 001 date and author', () => {
    const [d0, d1] = built.index.documents;
    expect(d0!.date).toEqual({ value: '2024-08-04', basis: 'text' });
    expect(d0!.author).toBe('Franziska Schwarz');
    expect(d1!.date).toEqual({ value: '2022-07-12', basis: 'text' });
    expect(d1!.author).toBe('Ninfa ALong');
  });

  test('the July 2022 Tehran trip is one event reported by seeds 001 and 002', () => {
    const trip = built.index.events.filter((e) => e.date.value === '2022-07-19' && e.entityIds.includes('person:vladimir-putin'));
    expect(trip).toHaveLength(1);
    const docs = new Set(trip[0]!.sources.map((s) => s.docId));
    expect([...docs].sort()).toEqual(['doc:001_2f52e72f62978cc9', 'doc:002_4294ec14b11da705']);
  });

  test('dates resolved against the article date, with precision and basis', () => {
    const find = (needle: string) => built.index.events.find((e) => e.sources.some((s) => s.quote.includes(needle)));
    expect(find('October 11, 2024')).toMatchObject({ date: { value: '2024-10-11', basis: 'text' }, precision: 'day', placeId: 'place:ashgabat' });
    expect(find('Am Dienstag traf Shoigu')).toMatchObject({ date: { value: '2023-09-19', basis: 'inferred' }, precision: 'day' });
    // "five months ago" (2022-02, seed 002) and "ordered on February 24" (seed 001) are one invasion: the day is kept.
    expect(find('five months ago')).toBe(find('ordered on February 24'));
    expect(find('five months ago')).toMatchObject({ date: { value: '2022-02-24', basis: 'inferred' }, precision: 'day' });
    expect(find('ordered on February 24')).toMatchObject({ date: { value: '2022-02-24', basis: 'inferred' } });
    expect(find('June 8 and July 5')).toBeDefined();
    expect(built.index.events.filter((e) => e.quote.includes('June 8 and July 5')).map((e) => e.date.value)).toEqual(['2022-06-08', '2022-07-05']);
    expect(find('im November 2022')).toMatchObject({ date: { value: '2022-11', basis: 'text' } });
  });

  test('Iranian drones for Russia: asserted, denied, disputed, and side by side', () => {
    const topic = 'iran-arms-for-russia';
    const inTopic = claimsBy((c) => c.topic === topic);
    const by = (pred: (c: IndexClaim) => boolean): IndexClaim | undefined => inTopic.find(pred);
    expect(by((c) => c.claimant.text === 'The White House' && c.claimant.entityId === 'country:usa' && c.stance === 'asserts')).toBeDefined();
    expect(by((c) => c.claimant.entityId === 'person:jake-sullivan' && c.stance === 'asserts' && c.date?.value.startsWith('2022-07') === true)).toBeDefined();
    expect(by((c) => c.claimant.text === 'Tehran' && c.claimant.entityId === 'country:iran' && c.stance === 'denies')).toBeDefined();
    expect(by((c) => c.claimant.entityId === 'person:hossein-amirabdollahian' && c.stance === 'disputes' && c.date?.value === '2022-11')).toBeDefined();
    expect(by((c) => c.claimant.text === 'Moskau' && c.claimant.entityId === 'country:russia' && c.stance === 'denies')).toBeDefined();
    const one = inTopic[0]!;
    expect(one.relatedClaimIds.sort()).toEqual(inTopic.filter((c) => c.id !== one.id).map((c) => c.id).sort());
  });

  test('claimants the text does not name: the office holder at the time, the two countries, the state a capital speaks for', () => {
    const by = (start: string): IndexClaim => claimsBy((c) => c.quote.includes(start))[0]!;
    expect(by('the Iranian president said at the time').claimant).toEqual({ entityId: 'person:ebrahim-raisi', text: 'the Iranian president (according to Al Jazeera)' });
    expect(by('The 2 countries reject').claimant).toEqual({ entityId: null, text: 'The 2 countries', entityIds: ['country:iran', 'country:russia'] });
    expect(by('Both countries confirmed').claimant).toEqual({ entityId: null, text: 'Both countries', entityIds: ['country:iran', 'country:russia'] });
    expect(by('Moskau hat Behauptungen').claimant).toEqual({ entityId: 'country:russia', text: 'Moskau' });
    expect(by('The Kremlin stated').claimant).toEqual({ entityId: 'country:russia', text: 'The Kremlin' });
  });

  test('claimants without an entity keep their words', () => {
    expect(claimsBy((c) => c.claimant.text === 'CNN citing unnamed insiders')).toHaveLength(1);
    expect(claimsBy((c) => c.claimant.text.startsWith('A high-ranking US official') && c.claimant.entityId === null)).toHaveLength(1);
    expect(claimsBy((c) => c.claimant.text === 'critics')).toHaveLength(1);
  });

  test('German claims: laut, sagte, zurückgewiesen, pronoun "Er" resolved', () => {
    expect(claimsBy((c) => c.quote.startsWith('Laut Shoigu'))[0]?.claimant.entityId).toBe('person:sergei-shoigu');
    expect(claimsBy((c) => c.quote.startsWith('Er fügte hinzu'))[0]?.claimant.entityId).toBe('person:sergei-shoigu');
    expect(claimsBy((c) => c.quote.startsWith('Er behauptete'))[0]?.claimant.entityId).toBe('person:david-barnea');
  });

  test('roles as the seeds state them', () => {
    const roles = (id: string): string[] => built.index.entities.find((e) => e.id === id)!.roles.map((r) => r.text);
    expect(roles('person:dmitry-peskov')).toContain('Kremlin spokesman');
    expect(roles('person:ebrahim-raisi')).toContain('Iran’s hardline President');
    expect(roles('person:burcu-ozcelik').join(' ')).toContain('Royal United Services Institute');
    expect(roles('person:sergei-shoigu')).toContain('russische Verteidigungsminister');
    expect(roles('person:david-barnea')).toContain('Chef des israelischen Geheimdienstes Mossad');
  });
});
