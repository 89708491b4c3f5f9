/**
 * The background's answers: loads the index once and replies to typed, validated requests. Platform-neutral
 * so that unit tests and the CLI (`npm run scan`) use the same code as the service worker.
 */
import type MiniSearch from 'minisearch';
import type { BackstoryIndex, IndexClaim, IndexEntity, IndexEvent } from '../index/types';
import type { DocumentSummary, PageReport, Protocol, Reply, Request, SearchHit, SidebarPayload } from '../messages';
import { loadSearch, querySearchOptions, type SearchDoc, type SerializedSearch } from '../search/options';
import { Matcher } from '../match/matcher';
import type { MatcherTable } from '../match/types';

/** True when an event dated `event` happened before a page dated `page` (compared at the coarser precision). */
export function isBefore(event: string, page: string): boolean {
  const n = Math.min(event.length, page.length);
  return event.slice(0, n) < page.slice(0, n);
}

export class BackstoryService {
  readonly entities = new Map<string, IndexEntity>();
  private readonly search: MiniSearch<SearchDoc>;
  private readonly docs: Record<string, DocumentSummary> = {};
  private readonly claimsById = new Map<string, IndexClaim>();
  private readonly reports = new Map<number, PageReport>();
  private readonly matcher: Matcher;

  constructor(
    readonly index: BackstoryIndex,
    search: SerializedSearch,
    table: MatcherTable,
  ) {
    for (const e of index.entities) this.entities.set(e.id, e);
    for (const d of index.documents) this.docs[d.id] = { id: d.id, title: d.title, outlet: d.outlet, date: d.date, lang: d.lang };
    for (const c of index.claims) this.claimsById.set(c.id, c);
    this.search = loadSearch(search);
    this.matcher = new Matcher(table);
  }

  /** Handles one request; `tabId` is the sender's tab for content-script requests. */
  handle(req: Request, tabId: number | null, senderUrl: string | null = null): Reply<Request['type']> {
    switch (req.type) {
      case 'ping':
        return { ok: true, documents: this.index.documents.length };
      case 'payload':
        return this.payload(req.entityIds, req.pageDate);
      case 'search':
        return this.query(req);
      case 'entity':
        return this.entities.has(req.id) ? this.payload([req.id], null) : null;
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

  /** The sidebar's content for the page's entities, with events before `pageDate`. */
  payload(entityIds: string[], pageDate: string | null): SidebarPayload {
    const ids = new Set(entityIds.filter((id) => this.entities.has(id)));
    const touches = (list: string[]): boolean => list.some((id) => ids.has(id));
    const events: IndexEvent[] = this.index.events
      .filter((ev) => touches(ev.entityIds) && (pageDate === null || isBefore(ev.date.value, pageDate)))
      .sort((a, b) => (a.date.value < b.date.value ? 1 : a.date.value > b.date.value ? -1 : a.id < b.id ? -1 : 1));
    const direct = this.index.claims.filter(
      (c) => touches(c.entityIds) || (c.claimant.entityId !== null && ids.has(c.claimant.entityId)),
    );
    const groups = new Map<string, IndexClaim[]>();
    const seen = new Set<string>();
    for (const c of direct) {
      if (seen.has(c.id)) continue;
      const key = c.topic ?? `single:${c.id}`;
      const members = [c, ...c.relatedClaimIds.map((id) => this.claimsById.get(id)).filter((x): x is IndexClaim => !!x)];
      const list = groups.get(key) ?? [];
      for (const m of members) {
        if (!seen.has(m.id)) {
          seen.add(m.id);
          list.push(m);
        }
      }
      groups.set(key, list);
    }
    const claimGroups = [...groups.entries()]
      .map(([key, claims]) => {
        const topic = key.startsWith('single:') ? null : key;
        return { topic, label: this.index.topics.find((t) => t.id === topic)?.label ?? null, claims };
      })
      .sort((a, b) => b.claims.length - a.claims.length || ((a.topic ?? '') < (b.topic ?? '') ? -1 : 1));
    const usedDocs = new Set<string>([...events.flatMap((e) => e.sources.map((s) => s.docId)), ...claimGroups.flatMap((g) => g.claims.map((c) => c.docId))]);
    const documents: Record<string, DocumentSummary> = {};
    for (const id of usedDocs) if (this.docs[id]) documents[id] = this.docs[id];
    const entities = [...ids].map((id) => this.entities.get(id)!);
    return { entities, events, claimGroups, documents };
  }

  query(req: Protocol['search']['request']): SearchHit[] {
    const q = req.query.trim();
    if (!q) return [];
    const kinds = req.kinds ? new Set(req.kinds) : null;
    const results = this.search.search(q, {
      ...querySearchOptions,
      filter: (r) =>
        (!kinds || kinds.has(r.kind as SearchHit['kind'])) &&
        (!req.from || (r.date as string) === '' || (r.date as string) >= req.from) &&
        (!req.to || (r.date as string) === '' || (r.date as string).slice(0, req.to.length) <= req.to),
    });
    return results.slice(0, req.limit ?? 30).map((r): SearchHit => this.hit(r.kind as SearchHit['kind'], r.id as string, r.terms, r.score));
  }

  private hit(kind: SearchHit['kind'], id: string, terms: string[], score: number): SearchHit {
    const base = { terms, score: Math.round(score * 1000) / 1000 };
    if (kind === 'entity') {
      const e = this.entities.get(id)!;
      return { ...base, kind, id, title: e.name, snippet: e.description.en, date: null, docId: null, start: null, end: null };
    }
    if (kind === 'event') {
      const ev = this.index.events.find((x) => x.id === id)!;
      return { ...base, kind, id, title: ev.summary, snippet: ev.quote, date: ev.date, docId: ev.docId, start: ev.start, end: ev.end };
    }
    if (kind === 'claim') {
      const c = this.claimsById.get(id)!;
      return { ...base, kind, id, title: c.statement, snippet: c.quote, date: c.date, docId: c.docId, start: c.start, end: c.end };
    }
    const d = this.index.documents.find((x) => x.id === id)!;
    return { ...base, kind, id, title: d.title, snippet: d.text.slice(0, 200), date: d.date, docId: d.id, start: null, end: null };
  }

  document(id: string): Reply<'document'> {
    const doc = this.index.documents.find((d) => d.id === id);
    if (!doc) return null;
    const mentions = this.matcher.match(doc.text).map((m) => ({ entityId: this.matcher.table.entities[m.entity]!.id, start: m.start, end: m.end }));
    return { document: doc, mentions };
  }
}
