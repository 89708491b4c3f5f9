/**
 * The development set (tests/fixtures/devset: 24 articles written for Backstory, four per language) against its
 * hand-written golden file: per language, event recall and date agreement, claim recall, claimant and stance
 * agreement. Prints the table; asserts the thresholds of issue 14.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { readGazetteer, readLexicons, readSeeds, readText } from '../../lib/cli/index-cmd';
import { buildIndex, docId, type BuildOutput } from '../../lib/index/build';
import { compatibleDates } from '../../lib/index/events';
import type { IndexClaim, IndexEvent } from '../../lib/index/types';
import { ROOT } from './project';

const DEVSET = join(ROOT, 'tests/fixtures/devset');

interface GoldenEvent {
  kind: string;
  date: string;
  participants: string[];
  place: string | null;
}
interface GoldenClaim {
  /** A few words of the sentence that carries the claim. */
  find: string;
  /** An entity id, or the claimant's words when no entity names it. */
  claimant: string;
  stance: string;
  proposition: string;
}
interface GoldenArticle {
  file: string;
  lang: string;
  events: GoldenEvent[];
  claims: GoldenClaim[];
}

export interface LangScore {
  lang: string;
  articles: number;
  events: number;
  eventRecall: number;
  dateAgreement: number;
  claims: number;
  claimRecall: number;
  claimantAgreement: number;
  stanceAgreement: number;
  silentArticles: string[];
}

const ratio = (n: number, d: number): number => (d === 0 ? 1 : n / d);
const isEntityId = (s: string): boolean => /^[a-z]+:[a-z0-9-]+$/.test(s);

/** The events of the index that have a source in `doc` and name every golden participant. */
function matchEvent(g: GoldenEvent, doc: string, events: IndexEvent[]): IndexEvent | undefined {
  const mine = events.filter((e) => e.sources.some((s) => s.docId === doc) && g.participants.every((p) => e.entityIds.includes(p)));
  return mine.find((e) => compatibleDates(g.date, e.date.value)) ?? mine[0];
}

function claimantAgrees(g: GoldenClaim, c: IndexClaim): boolean {
  if (isEntityId(g.claimant)) return c.claimant.entityId === g.claimant;
  return c.claimant.text.toLowerCase().includes(g.claimant.toLowerCase());
}

export function score(built: BuildOutput, golden: GoldenArticle[]): LangScore[] {
  const { events, claims } = built.index;
  const langs = [...new Set(golden.map((a) => a.lang))];
  return langs.map((lang) => {
    const articles = golden.filter((a) => a.lang === lang);
    let ev = 0, evFound = 0, evDate = 0, cl = 0, clFound = 0, clWho = 0, clStance = 0;
    const silent: string[] = [];
    for (const a of articles) {
      const doc = docId(a.file);
      const docClaims = claims.filter((c) => c.docId === doc);
      if (!docClaims.length && !events.some((e) => e.sources.some((s) => s.docId === doc))) silent.push(a.file);
      for (const g of a.events) {
        ev++;
        const e = matchEvent(g, doc, events);
        if (!e) continue;
        evFound++;
        if (compatibleDates(g.date, e.date.value)) evDate++;
      }
      for (const g of a.claims) {
        cl++;
        const here = docClaims.filter((c) => c.quote.includes(g.find));
        if (!here.length) continue;
        clFound++;
        const best = here.find((c) => claimantAgrees(g, c) && c.stance === g.stance) ?? here.find((c) => claimantAgrees(g, c)) ?? here[0]!;
        if (claimantAgrees(g, best)) clWho++;
        if (best.stance === g.stance) clStance++;
      }
    }
    return {
      lang,
      articles: articles.length,
      events: ev,
      eventRecall: ratio(evFound, ev),
      dateAgreement: ratio(evDate, evFound),
      claims: cl,
      claimRecall: ratio(clFound, cl),
      claimantAgreement: ratio(clWho, clFound),
      stanceAgreement: ratio(clStance, clFound),
      silentArticles: silent,
    };
  });
}

export function table(rows: LangScore[]): string {
  const f = (x: number): string => x.toFixed(2);
  const lines = ['lang | articles | events | event recall | dates agree | claims | claim recall | claimant agrees | stance agrees', '---|---|---|---|---|---|---|---|---'];
  for (const r of rows) {
    lines.push(`${r.lang} | ${r.articles} | ${r.events} | ${f(r.eventRecall)} | ${f(r.dateAgreement)} | ${r.claims} | ${f(r.claimRecall)} | ${f(r.claimantAgreement)} | ${f(r.stanceAgreement)}`);
  }
  return lines.join('\n');
}

export function buildDevset(): BuildOutput {
  return buildIndex({
    ...readSeeds(DEVSET),
    gazetteer: readGazetteer(join(ROOT, 'data/gazetteer.json')),
    topics: readText(join(ROOT, 'data/topics.json'), 'topics'),
    lexicons: readLexicons(join(ROOT, 'data/lexicon')),
  });
}

describe('development set (six languages, hand-written golden)', () => {
  let built: BuildOutput;
  let rows: LangScore[];
  beforeAll(() => {
    built = buildDevset();
    const golden = JSON.parse(readFileSync(join(DEVSET, 'golden.json'), 'utf8')) as { articles: GoldenArticle[] };
    rows = score(built, golden.articles);
    process.stdout.write(`\n${table(rows)}\n\n`);
  }, 300_000);

  test('four articles in each of en, de, fr, es, ru, fa', () => {
    expect(rows.map((r) => [r.lang, r.articles])).toEqual(['en', 'de', 'fr', 'es', 'ru', 'fa'].map((l) => [l, 4]));
  });

  test('every article gives at least one event or claim', () => {
    expect(rows.flatMap((r) => r.silentArticles)).toEqual([]);
  });

  test.each(['en', 'de', 'fr', 'es', 'ru', 'fa'])('%s: event recall ≥ 0.8 with compatible dates ≥ 0.8; claim recall ≥ 0.8, claimant ≥ 0.85, stance ≥ 0.85', (lang) => {
    const r = rows.find((x) => x.lang === lang)!;
    expect({ lang, eventRecall: r.eventRecall >= 0.8, dateAgreement: r.dateAgreement >= 0.8, claimRecall: r.claimRecall >= 0.8, claimant: r.claimantAgreement >= 0.85, stance: r.stanceAgreement >= 0.85 }).toEqual({
      lang,
      eventRecall: true,
      dateAgreement: true,
      claimRecall: true,
      claimant: true,
      stance: true,
    });
  });

  test('the treaty signing of 17 January 2025, reported in four languages, is one event with every source', () => {
    const signing = built.index.events.filter((e) => e.entityIds.includes('agreement:comprehensive-strategic-partnership-treaty') && e.kind === 'signing');
    const withAll = signing.find((e) => ['en_2_treaty', 'de_1_vertrag', 'fr_1_traite', 'ru_1_dogovor'].every((f) => e.sources.some((s) => s.docId === `doc:${f}`)));
    expect(withAll?.date).toEqual({ value: '2025-01-17', basis: expect.any(String) });
  });

  test('the article without a date stays without one, and its quote is kept verbatim', () => {
    const doc = built.index.documents.find((d) => d.file === 'en_2_treaty.txt')!;
    expect(doc.date).toBeNull();
    for (const e of built.index.events) for (const s of e.sources) expect(built.index.documents.find((d) => d.id === s.docId)!.text.slice(s.start, s.end)).toBe(s.quote);
  });
});
