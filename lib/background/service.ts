/**
 * The background's answers: loads the index once and replies to typed, validated requests. Platform-neutral
 * so that unit tests and the CLI (`npm run scan`) use the same code as the service worker.
 */
import type MiniSearch from 'minisearch';
import type { SearchResult } from 'minisearch';
import type { BackstoryIndex, IndexClaim, IndexEntity, IndexEvent } from '../index/types';
import type { DocumentSummary, PageInput, PageReport, Protocol, Reply, Request, SearchHit, SidebarPayload } from '../messages';
import { FUZZY_FALLBACK_BELOW, fuzzySearchOptions, loadSearch, querySearchOptions, type SearchDoc, type SerializedSearch } from '../search/options';
import { matchRanges, snippetAround } from '../search/snippet';
import { tokenize } from '../text/normalize';
import { displayName } from '../ui/names';
import { Matcher } from '../match/matcher';
import type { MatcherTable } from '../match/types';
import { prepare, rank, type PageProfile, type Prepared } from '../rank/rank';
import { rankStats, type RankStats } from '../rank/stats';

export { isBefore } from '../rank/rank';

/** The words of `e`'s aliases that a query term begins, when that term is not in its name or `description`. */
function otherNames(e: IndexEntity, description: string, terms: string[]): string[] {
  const shown = `${e.name} ${description}`;
  const missing = terms.filter((term) => !matchRanges(shown, [term], true).length);
  if (!missing.length) return [];
  const words = new Set<string>();
  for (const alias of e.aliases) {
    for (const [start] of matchRanges(alias, missing, true)) {
      const end = alias.slice(start).search(/[\s,;:()]/u);
      words.add(alias.slice(start, end === -1 ? alias.length : start + end));
    }
    if (words.size >= 3) break;
  }
  return [...words].slice(0, 3);
}

/** The order of stances inside a claim group (the sidebar's columns). */
const STANCES: IndexClaim['stance'][] = ['asserts', 'confirms', 'disputes', 'denies'];
const STANCE_RANK = Object.fromEntries(STANCES.map((s, i) => [s, i])) as Partial<Record<IndexClaim['stance'], number>>;

/** How many payloads are kept for pages that ask again (a few open tabs). */
const PAYLOADS_KEPT = 16;

/** How many claims a group shows before "Show all". */
export const GROUP_LEAD = 3;

/**
 * A claim joins its group's lead (beyond the best one and the best of another stance) only when it scores at
 * least this share of the group's best: the others share the group's proposition but not the page's story (on a
 * page about the Caspian corridor, "How close are Russia and Iran?" may lead with a claim on Caspian manoeuvres,
 * but not with one that names only Moscow and Tehran); they stay in the group, after "Show all".
 */
export const LEAD_SHARE = 0.5;

/**
 * The best few of a group's claims (given best first, with their scores): the best, the best of another stance
 * (a denial beside an assertion), then the next ones scoring at least LEAD_SHARE of the best; at most two per
 * article.
 */
function leadClaims(ranked: IndexClaim[], score: (c: IndexClaim) => number): IndexClaim[] {
  const lead: IndexClaim[] = [];
  const bar = LEAD_SHARE * (ranked[0] ? score(ranked[0]) : 0);
  const fits = (c: IndexClaim): boolean => !lead.includes(c) && lead.filter((x) => x.docId === c.docId).length < 2;
  const other = ranked.find((c) => c.stance !== ranked[0]?.stance && (c.stance === 'denies' || c.stance === 'disputes'));
  for (const c of [ranked[0], other]) if (c && lead.length < GROUP_LEAD && fits(c)) lead.push(c);
  for (const c of ranked) if (lead.length < GROUP_LEAD && score(c) >= bar && fits(c)) lead.push(c);
  return lead;
}

export class BackstoryService {
  readonly entities = new Map<string, IndexEntity>();
  private readonly search: MiniSearch<SearchDoc>;
  private readonly docs: Record<string, DocumentSummary> = {};
  private readonly claimsById = new Map<string, IndexClaim>();
  private readonly eventsById = new Map<string, IndexEvent>();
  private readonly docsById = new Map<string, BackstoryIndex['documents'][number]>();
  /** Every entity name and alias, normalised, to the entities it names. */
  private readonly byAlias = new Map<string, string[]>();
  private readonly reports = new Map<number, PageReport>();
  private readonly matcher: Matcher;
  private readonly ranking: Prepared;
  /** The last payloads, by page (see payload()); a payload is never changed once made. */
  private readonly payloads = new Map<string, SidebarPayload>();

  /** `stats`: data/rank.json; without it they are computed from the index (no URLs, no proposition cues). */
  constructor(
    readonly index: BackstoryIndex,
    search: SerializedSearch,
    table: MatcherTable,
    stats?: RankStats,
  ) {
    for (const e of index.entities) this.entities.set(e.id, e);
    for (const d of index.documents) this.docs[d.id] = { id: d.id, title: d.title, outlet: d.outlet, date: d.date, lang: d.lang };
    for (const c of index.claims) this.claimsById.set(c.id, c);
    for (const ev of index.events) this.eventsById.set(ev.id, ev);
    for (const d of index.documents) this.docsById.set(d.id, d);
    for (const e of index.entities) {
      for (const a of new Set([e.name, ...e.aliases].map((x) => tokenize(x).join(' ')))) {
        const list = this.byAlias.get(a) ?? [];
        list.push(e.id);
        this.byAlias.set(a, list);
      }
    }
    this.search = loadSearch(search);
    this.matcher = new Matcher(table);
    const computed = (): RankStats =>
      rankStats(
        index.documents.map((d) => ({ id: d.id, url: null, text: d.text, entityIds: this.matcher.match(d.text).map((m) => table.entities[m.entity]!.id) })),
        [],
        (id) => this.entities.get(id)?.side,
        index.entities.filter((e) => e.common).map((e) => e.id),
      );
    this.ranking = prepare(index.events, index.claims, stats ?? computed(), (id) => this.entities.get(id)?.side);
  }

  /** Handles one request; `tabId` is the sender's tab for content-script requests. */
  handle(req: Request, tabId: number | null, senderUrl: string | null = null): Reply<Request['type']> {
    switch (req.type) {
      case 'ping':
        return { ok: true, documents: this.index.documents.length };
      case 'payload':
        return this.payload(req.entityIds, req.pageDate, req.page ?? null, senderUrl);
      case 'search':
        return this.query(req);
      case 'entity':
        return this.entities.has(req.id) ? this.timeline(req.id) : null;
      case 'document':
        return this.document(req.id);
      case 'report':
        if (tabId !== null) this.reports.set(tabId, senderUrl ? { ...req.report, url: senderUrl } : req.report);
        return { ok: true };
      case 'pageState':
        return this.reports.get(req.tabId) ?? null;
      case 'openReader':
        // Opening a tab is the platform's job (lib/platform/background.ts); here only the document is checked.
        return { ok: this.index.documents.some((d) => d.id === req.docId) };
      case 'sidebar':
        // Relaying to the tab is the platform's job (lib/platform/background.ts); without one there is no sidebar.
        return { ok: false, view: null };
      case 'inject':
        // Injecting the page script is the platform's job too (lib/platform/background.ts).
        return { ok: false };
      case 'topEntities':
        return [...this.entities.values()]
          .filter((e) => e.mentions > 0)
          .sort((a, b) => b.related.length - a.related.length || b.mentions - a.mentions || (a.id < b.id ? -1 : 1))
          .slice(0, req.limit);
    }
  }

  forgetTab(tabId: number): void {
    this.reports.delete(tabId);
  }

  /**
   * The sidebar's content for the page's entities: events before `pageDate` and claims up to it, ranked for the
   * page (lib/rank), each with the terms of its score. `page` is what the content script knows of the page (zone
   * counts, title and text sample, canonical address, and its own address when the sidebar frame asks); `senderUrl`
   * the address of the frame that asked.
   */
  payload(entityIds: string[], pageDate: string | null, page: PageInput | null = null, senderUrl: string | null = null): SidebarPayload {
    const ids = [...new Set(entityIds.filter((id) => this.entities.has(id)))];
    const profile: PageProfile = {
      entities: Object.fromEntries(ids.map((id) => [id, page?.zones?.[id] ?? [0, 0, 1]])),
      title: page?.title ?? '',
      text: page?.text ?? '',
      date: pageDate,
      urls: [page?.url, page?.address, senderUrl].filter((u): u is string => !!u),
    };
    // The same page asking again (a re-scan, the sidebar reopened) gets the payload worked out last time.
    const key = JSON.stringify([profile, pageDate]);
    const cached = this.payloads.get(key);
    if (cached) {
      this.payloads.delete(key);
      this.payloads.set(key, cached);
      return cached;
    }
    const payload = this.assemble(ids, rank(profile, this.ranking));
    this.payloads.set(key, payload);
    if (this.payloads.size > PAYLOADS_KEPT) this.payloads.delete(this.payloads.keys().next().value!);
    return payload;
  }

  /** The payload from the ranking: events in order, claims grouped by proposition, documents, entities. */
  private assemble(ids: string[], ranked: ReturnType<typeof rank>): SidebarPayload {
    const events = ranked.events.map((r) => this.eventsById.get(r.id)!);
    const order = new Map<string, number>();
    const scoreOf = new Map<string, number>();
    const groups = new Map<string, IndexClaim[]>();
    ranked.claims.forEach((r, i) => {
      order.set(r.id, i);
      scoreOf.set(r.id, r.score);
      const c = this.claimsById.get(r.id)!;
      const key = c.topic ?? `single:${c.id}`;
      const list = groups.get(key);
      if (list) list.push(c);
      else groups.set(key, [c]);
    });
    // Groups in the order of their best claim. A group leads with its best few claims (another stance beside the
    // best one, at most two from one article), then the rest; each part stance by stance, as the sidebar shows it.
    const byStance = (a: IndexClaim, b: IndexClaim): number => (STANCE_RANK[a.stance] ?? -1) - (STANCE_RANK[b.stance] ?? -1) || order.get(a.id)! - order.get(b.id)!;
    const claimGroups = [...groups.entries()].map(([key, claims]) => {
      // A claim on no proposition is a group of its own.
      if (claims.length === 1 && key.startsWith('single:')) return { topic: null, label: null, claims, lead: 1 };
      const topic = key.startsWith('single:') ? null : key;
      const lead = leadClaims(claims, (c) => scoreOf.get(c.id) ?? 0);
      const rest = claims.filter((c) => !lead.includes(c)).sort(byStance);
      return { topic, label: this.index.topics.find((t) => t.id === topic)?.label ?? null, claims: [...lead.sort(byStance), ...rest], lead: lead.length };
    });
    const documents: Record<string, DocumentSummary> = {};
    const use = (id: string): void => {
      if (!documents[id] && this.docs[id]) documents[id] = this.docs[id];
    };
    for (const e of events) for (const src of e.sources) use(src.docId);
    for (const g of claimGroups) for (const c of g.claims) use(c.docId);
    const weight = new Map(ranked.weights);
    const entities = ids.map((id) => this.entities.get(id)!).sort((a, b) => (weight.get(b.id) ?? 0) - (weight.get(a.id) ?? 0));
    const labels: SidebarPayload['labels'] = {};
    for (const t of this.index.topics) labels[t.id] = t.label;
    return { entities, events, claimGroups, documents, ranked: [...ranked.events, ...ranked.claims], labels, self: ranked.self };
  }

  /** An entity's card away from a page: everything about it, the timeline newest first. */
  timeline(id: string): SidebarPayload {
    const p = { ...this.payload([id], null) };
    p.events = [...p.events].sort((a, b) => (a.date.value < b.date.value ? 1 : a.date.value > b.date.value ? -1 : a.id < b.id ? -1 : 1));
    return p;
  }

  /**
   * The popup's search: MiniSearch over entities, events, claims and documents with the shared tokenizer,
   * filtered by kind and date range, each hit with a snippet around its first matched word.
   */
  query(req: Protocol['search']['request']): SearchHit[] {
    const q = req.query.trim();
    if (!q) return [];
    const kinds = req.kinds && req.kinds.length < 4 ? new Set(req.kinds) : null;
    const { from, to } = req;
    const filter =
      kinds || from || to
        ? (r: SearchResult): boolean => {
            if (kinds && !kinds.has(r.kind as SearchHit['kind'])) return false;
            const date = r.date as string;
            if (!date) return true;
            // Compare at the coarser precision: a 2022-07 event is inside "from 2022-07-19" and "to 2022-07-01".
            if (from && date < from.slice(0, date.length)) return false;
            if (to && date.slice(0, to.length) > to) return false;
            return true;
          }
        : undefined;
    let results = this.search.search(q, filter ? { ...querySearchOptions, filter } : querySearchOptions);
    if (results.length < FUZZY_FALLBACK_BELOW) {
      const fuzzy = this.search.search(q, filter ? { ...fuzzySearchOptions, filter } : fuzzySearchOptions);
      if (fuzzy.length > results.length) results = fuzzy;
    }
    // A query that is exactly one of an entity's names puts that entity first among entities ("drohnen" is the
    // drones, not the drone models that also list "Drohnen" among their names).
    const named = this.byAlias.get(tokenize(q).join(' '));
    if (named) {
      for (const r of results) if (r.kind === 'entity' && named.includes(r.id as string)) r.score *= 10;
      results.sort((a, b) => b.score - a.score);
    }
    const lang = req.lang ?? 'en';
    return results.slice(0, req.limit ?? 30).map((r): SearchHit => this.hit(r.kind as SearchHit['kind'], r.id as string, r.terms, r.queryTerms, r.score, lang));
  }

  private hit(kind: SearchHit['kind'], id: string, terms: string[], queryTerms: string[], score: number, lang: 'en' | 'de'): SearchHit {
    const base = { terms, score: Math.round(score * 1000) / 1000 };
    if (kind === 'entity') {
      const e = this.entities.get(id)!;
      const description = e.description[lang] || e.description.en;
      // When the query matched another name ("Peseschkian", "پزشکیان"), show that name first.
      const others = otherNames(e, description, queryTerms);
      const snippet = others.length ? `${others.join(' · ')} — ${description}` : description;
      return { ...base, kind, id, title: displayName(e, lang), snippet: snippetAround(snippet, terms), date: null, docId: null, start: null, end: null };
    }
    if (kind === 'event') {
      const ev = this.eventsById.get(id)!;
      return { ...base, kind, id, title: ev.summary, snippet: snippetAround(ev.quote, terms), date: ev.date, docId: ev.docId, start: ev.start, end: ev.end };
    }
    if (kind === 'claim') {
      const c = this.claimsById.get(id)!;
      return { ...base, kind, id, title: c.statement, snippet: snippetAround(`${c.claimant.text}: ${c.quote}`, terms), date: c.date, docId: c.docId, start: c.start, end: c.end };
    }
    const d = this.docsById.get(id)!;
    return { ...base, kind, id, title: d.title, snippet: snippetAround(d.text, terms), date: d.date, docId: d.id, start: null, end: null };
  }

  document(id: string): Reply<'document'> {
    const doc = this.docsById.get(id);
    if (!doc) return null;
    const mentions = this.matcher.match(doc.text).map((m) => {
      const e = this.matcher.table.entities[m.entity]!;
      return { entityId: e.id, type: e.type, start: m.start, end: m.end };
    });
    return { document: doc, mentions };
  }
}
