/**
 * The index build: seeds/ (+ metadata) and the curated gazetteer → data/index.json, the serialized search index
 * and the content script's matcher table. Platform-neutral and deterministic (same input, same bytes); the CLI
 * in lib/cli does only the file I/O.
 */
import { compileTable } from '../match/compile';
import type { Gazetteer, MatcherTable, Mention } from '../match/types';
import { rankStats, type RankStats } from '../rank/stats';
import { createSearch, serializeSearch, type SearchDoc, type SerializedSearch } from '../search/options';
import type { AnalysedDoc } from './analysed';
import { extractClaims, type Topics } from './claims';
import { extractEvents, mergeEvents } from './events';
import { lexiconFor } from './lexicon';
import { documentOf, pipeline, type DocumentMeta } from './document';
import { canonicalUrl, libraryDocId, type LibrarySource } from './library';
import { fingerprint, FingerprintIndex } from '../rank/fingerprint';
import { extractRoles } from './roles';
import type { BackstoryIndex, IndexClaim, IndexDocument, IndexEntity, IndexEvent } from './types';
import { decodeSeed, IndexInputError, parseMetadata, type SeedFile } from './validate';

export interface BuildInput {
  files: SeedFile[];
  /** The text of seeds/metadata.json. */
  metadata: string;
  gazetteer: Gazetteer;
  /** The text of data/topics.json: the propositions claims are grouped by. */
  topics: string;
  /** The cue lexicons, data/lexicon/<lang>.json: file name → text. */
  lexicons: Record<string, string>;
  /**
   * Library files (`npm run index -- --library FILE.json`), already parsed: their articles become documents after
   * the seeds, in the order given, through the same checks and pipeline.
   */
  library?: LibrarySource[];
}

export interface BuildOutput {
  index: BackstoryIndex;
  search: SerializedSearch;
  table: MatcherTable;
  /** The ranking's statistics (data/rank.json). */
  rank: RankStats;
}

const MIN_ARTICLE_CHARS = 200;

export function docId(file: string): string {
  return `doc:${file.replace(/\.[^.]+$/, '')}`;
}

/**
 * Two files whose ids would be the same (same stem, e.g. `a.txt` and `a.TXT` or `a.md`, or names that differ only
 * in case or Unicode normalisation, which some file systems and URLs do not tell apart) stop the build, naming both.
 */
function checkIdsDistinct(files: SeedFile[]): void {
  const owner = new Map<string, string>();
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const key = docId(f.name).normalize('NFC').toLowerCase();
    const other = owner.get(key);
    if (other !== undefined) throw new IndexInputError(`${other} and ${f.name}`, `the two files would get the same id ${docId(other)}: rename one`);
    owner.set(key, f.name);
  }
}

/** Builds everything in memory; throws IndexInputError naming the input at fault. */
export function buildIndex(input: BuildInput): BuildOutput {
  const metas = parseMetadata(input.metadata);
  const byName = new Map(input.files.map((f) => [f.name, f]));
  for (const m of metas) {
    if (!byName.has(m.file)) throw new IndexInputError(m.file, 'listed in metadata.json but there is no such file in the seeds folder');
  }
  const listed = new Set(metas.map((m) => m.file));
  for (const f of input.files) {
    if (!listed.has(f.name)) throw new IndexInputError(f.name, 'has no entry in metadata.json (title, date, language)');
  }
  checkIdsDistinct(input.files);
  const table = compileTable(input.gazetteer);
  const topics = parseTopics(input.topics);
  const p = pipeline(input.gazetteer, table, topics, input.lexicons);
  const lexicons = p.lexicons;

  const seenText = new Map<string, string>();
  const analysed: AnalysedDoc[] = [];
  const urls = new Map<string, string | null>();
  /** Canonical URL → the input that has it (a seed file, or a library article). */
  const byUrl = new Map<string, string>();
  const ids = new Map<string, string>();
  const prints = input.library?.length ? new FingerprintIndex([]) : null;
  /**
   * One article through the pipeline: checked (no other input at its address), cleaned, checked (enough text, not
   * a duplicate of another input, its stated date agreeing with a date of basis `text`), split, matched. `where`
   * names it in errors.
   */
  const add = (where: string, raw: string, meta: DocumentMeta, fromLibrary = false): void => {
    if (meta.url) {
      const other = byUrl.get(canonicalUrl(meta.url));
      if (other) throw new IndexInputError(where, `the same url as ${other} (${meta.url})`);
      byUrl.set(canonicalUrl(meta.url), where);
    }
    const { analysed: a, cleaned } = documentOf(meta, raw, p);
    if (cleaned.text.length < MIN_ARTICLE_CHARS) {
      throw new IndexInputError(where, `no article text: after removing site chrome ${cleaned.text.length} characters are left`);
    }
    const key = cleaned.text.replace(/\s+/g, ' ');
    const dup = seenText.get(key);
    if (dup) throw new IndexInputError(where, `duplicate article: the same text as ${dup}`);
    seenText.set(key, where);
    // A library article is also a duplicate when the ranking would take it for an earlier input (most of its text,
    // with another title line or site chrome around it: lib/rank/fingerprint.ts). Seeds keep the exact check alone.
    if (prints) {
      const print = fingerprint(cleaned.text);
      const near = fromLibrary ? prints.match(print) : null;
      if (near) throw new IndexInputError(where, `duplicate article: mostly the same text as ${near}`);
      prints.add({ id: where, fingerprint: print });
    }
    if (cleaned.stated.date && meta.date?.basis === 'text' && cleaned.stated.date !== meta.date.value) {
      throw new IndexInputError(where, `${meta.url ? 'published' : 'metadata'} date ${meta.date.value} (basis text) but the text states ${cleaned.stated.date}`);
    }
    const clash = ids.get(meta.id);
    if (clash) throw new IndexInputError(`${clash} and ${where}`, `the two would get the same id ${meta.id}`);
    ids.set(meta.id, where);
    analysed.push(a);
    urls.set(a.doc.id, meta.url ?? null);
  };
  for (const meta of [...metas].sort((a, b) => (a.file < b.file ? -1 : 1))) {
    const file = byName.get(meta.file)!;
    const { url, translatedFrom: _translated, ...rest } = meta;
    add(file.name, decodeSeed(file), { ...rest, id: docId(file.name), ...(url ? { url } : {}) });
  }
  for (const lib of input.library ?? []) {
    lib.articles.forEach((a, i) => {
      const where = `${lib.name}: article ${i + 1} (${a.url})`;
      if (a.text.includes('\0')) throw new IndexInputError(where, 'the text is binary (it contains NUL characters), not an article');
      add(where, a.text.replace(/^\uFEFF/, ''), {
        id: libraryDocId(a.url),
        file: `${lib.name.replace(/^.*[\\/]/, '')}#${i + 1}`,
        title: a.title,
        lang: a.lang,
        date: a.published ? { value: a.published, basis: 'text' } : null,
        outlet: a.outlet,
        author: a.byline,
        note: null,
        url: a.url,
      }, true);
    });
  }

  const entities = buildEntities(input.gazetteer, table, analysed);
  const events = mergeEvents(analysed.flatMap((a) => extractEvents(a, table, lexiconFor(lexicons, a.doc.lang))), table);
  const claims = extractClaims(analysed, table, topics, lexicons, p.resolver);
  const roles = extractRoles(analysed, table);
  for (const e of entities) e.roles = roles.get(e.id) ?? [];

  const index: BackstoryIndex = {
    schemaVersion: 1,
    documents: analysed.map((a) => a.doc),
    entities,
    events,
    claims,
    topics: topics.topics.map(({ id, label }) => ({ id, label })),
  };
  const rank = rankStats(
    analysed.map((a) => ({ id: a.doc.id, url: urls.get(a.doc.id) ?? null, text: a.doc.text, entityIds: a.mentions.map((m) => table.entities[m.entity]!.id) })),
    topics.topics,
    (id) => table.entities.find((e) => e.id === id)?.side,
    entities.filter((e) => e.common).map((e) => e.id),
  );
  return { index, search: serializeSearch(createSearch(searchDocs(index))), table, rank };
}

function buildEntities(gaz: Gazetteer, table: MatcherTable, docs: AnalysedDoc[]): IndexEntity[] {
  const count = new Map<number, number>();
  const first = new Map<number, string>();
  const last = new Map<number, string>();
  const co = new Map<number, Map<number, number>>();
  for (const { doc, mentions } of docs) {
    for (const m of mentions) {
      count.set(m.entity, (count.get(m.entity) ?? 0) + 1);
      const d = doc.date?.value;
      if (d === undefined) continue;
      if (!first.has(m.entity) || d < first.get(m.entity)!) first.set(m.entity, d);
      if (!last.has(m.entity) || d > last.get(m.entity)!) last.set(m.entity, d);
    }
    // Co-occurrence within a sentence.
    let k = 0;
    for (const s of doc.sentences) {
      const inSentence = new Set<number>();
      while (k < mentions.length && mentions[k]!.start < s.end) {
        if (mentions[k]!.start >= s.start) inSentence.add(mentions[k]!.entity);
        k++;
      }
      for (const a of inSentence) {
        for (const b of inSentence) {
          if (a === b) continue;
          const row = co.get(a) ?? new Map<number, number>();
          row.set(b, (row.get(b) ?? 0) + 1);
          co.set(a, row);
        }
      }
    }
  }
  return gaz.entities.map((g, i): IndexEntity => {
    const related = [...(co.get(i) ?? new Map<number, number>()).entries()]
      .sort((a, b) => b[1] - a[1] || (table.entities[a[0]]!.id < table.entities[b[0]]!.id ? -1 : 1))
      .slice(0, 12)
      .map(([j, n]): [string, number] => [table.entities[j]!.id, n]);
    return {
      id: g.id,
      name: g.name,
      type: g.type,
      side: g.side,
      specific: g.specific,
      aliases: [...new Set([g.name, ...g.aliases, ...(g.demonyms ?? [])])],
      description: g.description,
      ...(g.names && Object.keys(g.names).length ? { names: g.names } : {}),
      ...(g.common ? { common: true as const } : {}),
      ...(g.outlet ? { outlet: true as const } : {}),
      roles: [],
      mentions: count.get(i) ?? 0,
      firstSeen: first.get(i) ?? null,
      lastSeen: last.get(i) ?? null,
      related,
    };
  });
}

/**
 * What the popup searches: entities, events, claims and documents. Events and claims carry every name of their
 * entities (all languages and scripts), so "Drohnen" or "پزشکیان" finds the English claims about drones or
 * Pezeshkian: the same aliases the page matcher knows.
 */
export function searchDocs(index: BackstoryIndex): SearchDoc[] {
  const docs: SearchDoc[] = [];
  for (const e of index.entities) {
    docs.push({ key: `entity:${e.id}`, kind: 'entity', id: e.id, title: e.name, names: e.aliases.join(' '), text: `${e.description.en} ${e.description.de} ${e.roles.map((r) => r.text).join(' ')}`, date: e.lastSeen ?? '' });
  }
  docs.push(...itemSearchDocs(index, index.events, index.claims, index.documents));
  return docs;
}

/**
 * The search entries of events, claims and documents, each with every name of its entities (`index` gives the
 * entities). The bundled index's, and a library article's (added to the search with MiniSearch `add`).
 */
export function itemSearchDocs(index: Pick<BackstoryIndex, 'entities'>, events: IndexEvent[], claims: IndexClaim[], documents: Array<Pick<IndexDocument, 'id' | 'title' | 'outlet' | 'text' | 'date'>>): SearchDoc[] {
  const docs: SearchDoc[] = [];
  const aliases = new Map(index.entities.map((e) => [e.id, [...new Set([e.name, ...e.aliases])].join(' ')]));
  const names = (ids: string[]): string => [...new Set(ids)].map((id) => aliases.get(id) ?? '').join(' ');
  for (const ev of events) {
    docs.push({ key: `event:${ev.id}`, kind: 'event', id: ev.id, title: ev.summary, names: names(ev.entityIds), text: ev.sources.map((s) => s.quote).join(' '), date: ev.date.value });
  }
  for (const c of claims) {
    const ids = [...(c.claimant.entityIds ?? (c.claimant.entityId ? [c.claimant.entityId] : [])), ...c.entityIds];
    docs.push({ key: `claim:${c.id}`, kind: 'claim', id: c.id, title: c.statement, names: `${c.claimant.text} ${names(ids)}`, text: c.quote, date: c.date?.value ?? '' });
  }
  for (const d of documents) {
    docs.push({ key: `document:${d.id}`, kind: 'document', id: d.id, title: d.title, names: d.outlet ?? '', text: d.text, date: d.date?.value ?? '' });
  }
  return docs;
}

/** Parses data/topics.json, naming the problem. */
export function parseTopics(raw: string): Topics {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw new IndexInputError('topics.json', `not valid JSON (${(e as Error).message})`);
  }
  const t = data as Topics;
  if (!t || t.version !== 1 || !Array.isArray(t.topics)) throw new IndexInputError('topics.json', 'expected {"version": 1, "topics": [...]}');
  t.topics.forEach((topic, i) => {
    if (typeof topic.id !== 'string' || !topic.label?.en || !topic.label?.de || !Array.isArray(topic.keywords)) {
      throw new IndexInputError('topics.json', `topics[${i}] needs an id, a label {en, de} and keywords`);
    }
  });
  return t;
}
