/**
 * A synthetic index of any size for benchmarks: the real entities and documents, plus generated events, claims
 * and documents whose text is made of real sentences from the seeds and whose entity links are random.
 * Deterministic (seeded), so runs compare.
 */
import type { BackstoryIndex, IndexClaim, IndexDocument, IndexEvent, Stance } from '../../lib/index/types';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STANCES: Stance[] = ['asserts', 'denies', 'disputes', 'confirms'];
const VERBS = ['met', 'signed an agreement with', 'warned', 'delivered drones to', 'discussed sanctions with', 'visited', 'condemned', 'supplied missiles to'];

/** `base` plus generated items until entities + events + claims + documents = `items`. */
export function syntheticIndex(base: BackstoryIndex, items: number, seed = 1): BackstoryIndex {
  const rand = rng(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]!;
  const sentences = base.documents.flatMap((d) => d.sentences.map((s) => d.text.slice(s.start, s.end).trim())).filter((s) => s.length > 40);
  const entities = base.entities;
  const date = (): string => `${2012 + Math.floor(rand() * 13)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
  const n = Math.max(0, items - entities.length - base.events.length - base.claims.length - base.documents.length);
  const events: IndexEvent[] = [...base.events];
  const claims: IndexClaim[] = [...base.claims];
  const documents: IndexDocument[] = [...base.documents];
  for (let i = 0; i < n; i++) {
    const a = pick(entities);
    const b = pick(entities);
    const quote = pick(sentences);
    const r = rand();
    const docId = pick(base.documents).id;
    if (r < 0.4) {
      const value = date();
      events.push({ id: `syn-event:${i}`, date: { value, basis: 'inferred' }, precision: 'day', summary: `${a.name} ${pick(VERBS)} ${b.name}`, kind: 'synthetic', entityIds: [a.id, b.id], placeId: null, docId, quote, start: 0, end: quote.length, sources: [{ docId, quote, start: 0, end: quote.length }] });
    } else if (r < 0.8) {
      const value = date();
      claims.push({ id: `syn-claim:${i}`, claimant: { entityId: a.id, text: a.name }, stance: pick(STANCES), statement: `${b.name} ${pick(VERBS)} ${pick(entities).name}`, entityIds: [b.id], date: { value, basis: 'inferred' }, docId, quote, start: 0, end: quote.length, topic: null, relatedClaimIds: [] });
    } else {
      const text = Array.from({ length: 8 }, () => pick(sentences)).join(' ');
      documents.push({ id: `doc:syn-${i}`, file: `syn-${i}.txt`, title: `${a.name} and ${b.name}: ${pick(VERBS)}`, lang: 'en', date: { value: date(), basis: 'inferred' }, outlet: 'Synthetic', author: null, text, captions: [], sentences: [], note: null });
    }
  }
  return { schemaVersion: 1, documents, entities, events, claims, topics: [] };
}
