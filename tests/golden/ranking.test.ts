/**
 * The ranking on whole pages, through the same path as `npm run scan` (scan → page profile → payload):
 * - seeds: a page made of each seed's first paragraphs, the seed left out of the index, gets first the other
 *   seeds' items on its story; with the seed in the index, never its own sentences;
 * - stories: one page per story in English, German and French (tests/fixtures/stories/pages, written for this
 *   test); the seeds do not cover all six stories, so the index here is built from seeds/ plus a few backstory
 *   articles written for the test (tests/fixtures/stories/backstory; never in the bundled index), with the same
 *   lib/index build as `npm run index`. The first three events and claims must be about the page's story.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { BackstoryService } from '../../lib/background/service';
import { readGazetteer, readLexicons, readSeeds, readText } from '../../lib/cli/index-cmd';
import { renderArticle } from '../../lib/cli/render';
import { readPage, scanHtml, type ScanContext, type ScanResult } from '../../lib/cli/scan-files';
import { getterFrom } from '../../lib/i18n';
import { buildIndex, type BuildOutput } from '../../lib/index/build';
import type { IndexClaim, IndexEvent } from '../../lib/index/types';
import { Matcher } from '../../lib/match/matcher';
import { claimContext, PER_ARTICLE_IN_FIRST } from '../../lib/rank/rank';
import { ROOT } from './project';

const STORIES = join(ROOT, 'tests/fixtures/stories');
const en = getterFrom(JSON.parse(readFileSync(join(ROOT, 'public/_locales/en/messages.json'), 'utf8')));
const gazetteer = readGazetteer(join(ROOT, 'data/gazetteer.json'));
const topics = readText(join(ROOT, 'data/topics.json'), 'topics');
const lexicons = readLexicons(join(ROOT, 'data/lexicon'));

function build(seeds: { files: Array<{ name: string; bytes: Uint8Array }>; metadata: string }): BuildOutput {
  return buildIndex({ ...seeds, gazetteer, topics, lexicons });
}
function context(built: BuildOutput): ScanContext {
  return {
    matcher: new Matcher(built.table),
    service: new BackstoryService(built.index, built.search, built.table, built.rank),
    t: (key, ...subs) => en(key, subs.map(String)) || key,
  };
}

/** Seeds plus the given extra articles (files and metadata entries merged). */
function withExtra(dir: string | null, leaveOut: string | null = null): BuildOutput {
  const seeds = readSeeds(join(ROOT, 'seeds'));
  const meta = JSON.parse(seeds.metadata) as { version: 1; articles: Array<{ file: string }> };
  let files = seeds.files;
  if (dir) {
    const extra = readSeeds(dir);
    files = [...files, ...extra.files];
    meta.articles.push(...(JSON.parse(extra.metadata) as typeof meta).articles);
  }
  if (leaveOut) {
    files = files.filter((f) => f.name !== leaveOut);
    meta.articles = meta.articles.filter((a) => a.file !== leaveOut);
  }
  return build({ files, metadata: JSON.stringify(meta) });
}

/** A claim's `where`: the place it was made at when its sentence does not name it (the ranking's claimContext). */
type Item = { kind: 'event'; it: IndexEvent } | { kind: 'claim'; it: IndexClaim; where: string[] };
const claimItems = (ctx: ScanContext, claims: IndexClaim[]): Item[] => claims.map((it) => ({ kind: 'claim', it, where: claimContext(it, ctx.service.index.events) }));
function items(ctx: ScanContext, r: ScanResult): { events: IndexEvent[]; claims: IndexClaim[] } {
  const ev = new Map(ctx.service.index.events.map((e) => [e.id, e]));
  const cl = new Map(ctx.service.index.claims.map((c) => [c.id, c]));
  // The ranked order (claims best first, before they are grouped).
  return {
    events: r.ranked.filter((x) => x.kind === 'event').map((x) => ev.get(x.id)!),
    claims: r.ranked.filter((x) => x.kind === 'claim').map((x) => cl.get(x.id)!),
  };
}
const names = (i: Item): string[] => (i.kind === 'claim' ? [...(i.it.claimant.entityId ? [i.it.claimant.entityId] : []), ...i.it.entityIds, ...i.where] : i.it.entityIds);

/**
 * What makes an item "about" each story: its specific names (for a claim, also the place it was made at when its
 * sentence does not say: the occasion its article reports that day, `claimContext`), or the proposition it is about.
 */
const STORY: Record<string, { entities: string[]; topics: string[]; also?: (i: Item) => boolean }> = {
  drones: { entities: ['weapon:shahed-136', 'weapon:drones'], topics: ['iran-arms-for-russia'] },
  treaty: { entities: ['agreement:comprehensive-strategic-partnership-treaty'], topics: [] },
  // Putin's trip: the visit itself, who he met there, and the drone warnings of those weeks (June–July 2022).
  tehran2022: {
    entities: [],
    topics: ['putin-tehran-visit-2022'],
    also: (i) => {
      const date = i.kind === 'event' ? i.it.date.value : (i.it.date?.value ?? '');
      const named = ['place:tehran', 'person:ebrahim-raisi', 'person:ali-khamenei', 'person:recep-tayyip-erdogan', 'weapon:drones', 'person:vladimir-putin'];
      return /^2022-0[67]/.test(date) && names(i).some((id) => named.includes(id));
    },
  },
  // Kazan 2024 was Iran's first BRICS summit as a member: claims on its membership are that story's too.
  kazan: { entities: ['place:kazan', 'event:brics-summit-kazan-2024'], topics: ['brics-membership'] },
  houthis: { entities: ['org:houthis', 'place:red-sea'], topics: ['russia-arms-for-houthis'] },
  corridor: { entities: ['place:caspian-sea', 'place:north-south-transport-corridor'], topics: [] },
  brics: { entities: ['org:brics', 'event:brics-summit-kazan-2024'], topics: ['brics-membership'] },
};
function about(story: string, i: Item): boolean {
  const s = STORY[story]!;
  if (names(i).some((id) => s.entities.includes(id))) return true;
  if (s.also?.(i)) return true;
  return i.kind === 'claim' && i.it.topic !== null && s.topics.includes(i.it.topic);
}

/** The first `n` items are about the story, or all the story's items come first when it has fewer. */
function expectStoryFirst(story: string, list: Item[], n: number, where: string, required = true): number {
  // At most two of the first five from one article (the ranking's diversity): count what can come first.
  const perDoc = new Map<string, number>();
  for (const i of list.filter((x) => about(story, x))) {
    const doc = i.kind === 'event' ? i.it.docId : i.it.docId;
    perDoc.set(doc, Math.min(PER_ARTICLE_IN_FIRST, (perDoc.get(doc) ?? 0) + 1));
  }
  const matching = [...perDoc.values()].reduce((a, b) => a + b, 0);
  if (required) expect(matching, `${where}: no item about ${story} at all`).toBeGreaterThan(0);
  const first = list.slice(0, Math.min(n, matching));
  const off = first.filter((i) => !about(story, i)).map((i) => `${i.kind} ${i.it.id} [${names(i).join(', ')}]`);
  expect(off, `${where}: first items not about ${story}`).toEqual([]);
  return matching;
}

describe('ranking on the seeds (golden)', () => {
  const meta = JSON.parse(readFileSync(join(ROOT, 'seeds/metadata.json'), 'utf8')) as { articles: Array<{ file: string; title: string; lang: string; date: { value: string } }> };
  const full = withExtra(null);
  const fullCtx = context(full);
  const pageOf = (file: string): string => {
    const doc = full.index.documents.find((d) => d.file === file)!;
    const a = meta.articles.find((x) => x.file === file)!;
    return renderArticle({ title: a.title, date: a.date.value.length === 10 ? a.date.value : null, lang: a.lang, paragraphs: doc.text.split('\n\n').slice(0, 3) });
  };
  // The seeds' stories, read from the articles: which other seed tells the same story.
  const SEED_STORY: Record<string, string | { skip: string }> = {
    '000_b8feb3e00388bc2c.txt': { skip: 'no other article before its date (2024-08-04) tells its story (Russian arms for the Houthis)' },
    '001_2f52e72f62978cc9.txt': 'tehran2022',
    '002_4294ec14b11da705.txt': 'tehran2022',
    '003_076c245ec5b6379e.txt': { skip: 'no other article before its date (2024-10-16) tells its story (the Kremlin beside Iran before an Israeli strike)' },
    '004_c07cee82c88fe1e3.txt': 'drones',
  };

  for (const a of meta.articles) {
    test(`${a.file}: with the seed in the index, never its own sentences`, () => {
      const r = scanHtml(a.file, pageOf(a.file), fullCtx);
      const own = `doc:${a.file.replace(/\.txt$/, '')}`;
      expect(r.onTopic).toBe(true);
      const { events, claims } = items(fullCtx, r);
      expect(events.filter((e) => e.sources.every((s) => s.docId === own)).map((e) => e.id)).toEqual([]);
      expect(claims.filter((c) => c.docId === own).map((c) => c.id)).toEqual([]);
    }, 120_000);
  }

  for (const a of meta.articles) {
    const entry = SEED_STORY[a.file]!;
    const story = typeof entry === 'string' ? entry : null;
    const run = story ? test : test.skip;
    const name = story
      ? `${a.file}: with the seed left out of the index (story articles in), the other articles' items on ${story} come first`
      : `${a.file}: skipped: ${(entry as { skip: string }).skip}`;
    run(name, () => {
      const ctx = context(withExtra(join(STORIES, 'backstory'), a.file));
      const r = scanHtml(a.file, pageOf(a.file), ctx);
      const { events, claims } = items(ctx, r);
      // Events after the page's date are not its backstory: a story may have only claims before it, or only events.
      const found =
        expectStoryFirst(story!, events.map((it) => ({ kind: 'event' as const, it })), 1, `${a.file} events`, false) +
        expectStoryFirst(story!, claimItems(ctx, claims), 1, `${a.file} claims`, false);
      expect(found, `${a.file}: nothing about ${story} before it`).toBeGreaterThan(0);
    }, 300_000);
  }
});

describe('ranking on story pages in three languages', () => {
  let ctx: ScanContext;
  beforeAll(() => {
    ctx = context(withExtra(join(STORIES, 'backstory')));
  }, 300_000);
  const pages = readdirSync(join(STORIES, 'pages')).filter((f) => f.endsWith('.txt')).sort();

  test('there is a page per story in en, de and fr', () => {
    for (const story of Object.keys(STORY)) for (const lang of ['en', 'de', 'fr']) expect(pages).toContain(`${story}.${lang}.txt`);
  });

  /** Where the ranking still falls short; each is named in the skipped test's title. */
  const GAPS: Record<string, string> = {};
  for (const lang of ['en', 'de', 'fr']) {
    test(`brics.${lang}.txt: a page on Iran's BRICS membership carries that proposition, and its claims come first`, () => {
      const r = scanHtml(`brics.${lang}.txt`, readPage(join(STORIES, 'pages', `brics.${lang}.txt`)), ctx);
      const { claims } = items(ctx, r);
      const onIt = ctx.service.index.claims.filter((c) => c.topic === 'brics-membership');
      // The index has claims on it (the Kazan and BRICS backstory articles), and not only those: others name BRICS too.
      expect(onIt.length).toBeGreaterThanOrEqual(3);
      expect(claims.length).toBeGreaterThan(onIt.length);
      expect(claims.slice(0, 3).map((c) => `${c.id} ${c.topic}`)).toEqual(claims.slice(0, 3).map((c) => `${c.id} brics-membership`));
      expect(r.ranked.find((x) => x.kind === 'claim')!.why).toMatch(/^same claim: Iran in BRICS/);
    });
  }

  for (const file of pages) {
    const story = file.split('.')[0]!;
    const gap = GAPS[story];
    (gap ? test.skip : test)(gap ? `${file}: skipped: ${gap}` : `${file}: the first three events and claims are about ${story}`, () => {
      const r = scanHtml(file, readPage(join(STORIES, 'pages', file)), ctx);
      expect(r.onTopic, `${file} is not on topic`).toBe(true);
      const { events, claims } = items(ctx, r);
      // Required where the index has something about the story at all (no article quotes a claim naming the treaty).
      const has = (list: Item[]): boolean => list.some((i) => about(story, i));
      const index = ctx.service.index;
      expectStoryFirst(story, events.map((it) => ({ kind: 'event' as const, it })), 3, `${file} events`, has(index.events.map((it) => ({ kind: 'event', it }))));
      expectStoryFirst(story, claimItems(ctx, claims), 3, `${file} claims`, has(claimItems(ctx, index.claims)));
      // Every item says why it is there.
      for (const x of r.ranked.slice(0, 6)) expect(x.why, `${x.id} has no why line`).not.toBe('');
    });
  }
});
