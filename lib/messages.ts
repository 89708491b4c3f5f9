/**
 * The one typed message contract between the content script, the background and the extension pages.
 * Every request is validated with `parseRequest` before it is handled; anything else is ignored.
 */
import type { IndexClaim, IndexDate, IndexDocument, IndexEntity, IndexEvent } from './index/types';
import type { EntityType } from './match/types';
import type { RankedItem } from './rank/rank';
import { SAMPLE_CHARS, type ZoneCounts } from './rank/page';
import type { SiteRule } from './settings';
import type { LibraryEntry } from './library/listing';
import type { LibraryErrorCode } from './library/errors';
import type { LibraryFile } from './library/format';

/**
 * A document as the sidebar and popup show it (no body text); `url` from lib/cite's `documentUrl`, for citations
 * (a library article's original address).
 */
export type DocumentSummary = Pick<IndexDocument, 'id' | 'title' | 'outlet' | 'date' | 'lang'> & {
  url: string | null;
  /** Set on an article of the reader's library (shown "from your library", with its original address). */
  library?: true;
};

export interface SidebarPayload {
  entities: IndexEntity[];
  /** Events before the page date (all when the date is unknown), best first for the page (lib/rank). */
  events: IndexEvent[];
  /** Claims about the page's entities, grouped by proposition, groups best first. */
  claimGroups: Array<{
    topic: string | null;
    label: { en: string; de: string } | null;
    /** Best first: the first `lead` claims are the ones shown before "Show all". */
    claims: IndexClaim[];
    lead: number;
  }>;
  documents: Record<string, DocumentSummary>;
  /** The events, then the claims, best first, each with the terms of its score (lib/rank). */
  ranked: RankedItem[];
  /** Labels of the propositions the why lines may name. */
  labels: Record<string, { en: string; de: string }>;
  /** The index document the page is (left out as its own backstory), or null. */
  self: string | null;
  /**
   * Per entity of the payload: how many of the ranking's events and claims name it (all of them, also those a
   * partial payload leaves out), for the hover card and "Show all (N)" on a focused entity.
   */
  counts: Record<string, [events: number, claims: number]>;
  /**
   * Set when the payload carries only the best items (a big library ranks thousands): how many events and claims
   * the ranking has in all. The same request with `all` gets every one, with `upTo` at least that many.
   */
  more?: { events: number; claims: number };
  /** The entity the payload was asked for (`focus`): its events and claims only. */
  focus?: string;
}

/** How much of the ranking a payload request wants (see `payload` in `Protocol`). */
export interface PayloadScope {
  all?: true;
  /**
   * At least this many events and claim groups, each group with at least this many claims besides its lead (the
   * sidebar's list unfolded step by step: a big library has thousands, so it never asks for them all at once).
   */
  upTo?: number;
  focus?: string;
}

/** The largest `upTo` a payload request may carry. */
export const MAX_UP_TO = 100_000;

/** What the content script tells the ranking about the page (lib/rank/page.ts). */
export interface PageInput {
  zones?: ZoneCounts;
  title?: string;
  text?: string;
  url?: string | null;
  /** The page's own address (location), sent by the sidebar frame, whose sender address is its own. */
  address?: string;
}

export type SearchKind = 'entity' | 'event' | 'claim' | 'document';

export interface SearchHit {
  kind: SearchKind;
  id: string;
  title: string;
  snippet: string;
  /** Matched terms, to mark in the snippet. */
  terms: string[];
  date: IndexDate | null;
  docId: string | null;
  start: number | null;
  end: number | null;
  score: number;
  /** Found in the reader's library. */
  library?: true;
}

export interface ReaderDocument {
  document: IndexDocument;
  /** The article's entity mentions, found by the same matcher as on web pages; `type` picks the highlight. */
  mentions: Array<{ entityId: string; type: EntityType; start: number; end: number }>;
  /** The events reported by the article and the claims quoted from it, so that the reader can cite its passage. */
  quoted?: { events: IndexEvent[]; claims: IndexClaim[] };
  /** The article as the sidebar shows its sources (with its web address, when known), for those citations. */
  summary?: DocumentSummary;
  /** Set for an article of the reader's library: where it was read. */
  library?: { url: string };
}

export interface PageReport {
  /** Set by the background from the sender (never trusted from the message). */
  url?: string;
  onTopic: boolean;
  entityIds: string[];
  mentionCount: number;
  /** Mentions per entity in title, lead and body: the popup's "On this page" is ranked with them. */
  zones?: ZoneCounts;
}

/**
 * What the sidebar frame shows about its page, held by the content script (the frame asks for it, and the content
 * script pushes it again when it changes). `focusSeq` counts focus requests from the page (a click on a highlight),
 * so that the same entity clicked twice focuses it again.
 */
export interface SidebarView {
  mentionCount: number;
  entityIds: string[];
  pageDate: string | null;
  page?: PageInput;
  host: string;
  rule: SiteRule | null;
  focus: string | null;
  focusSeq: number;
}

/** What the sidebar frame asks of its page's content script (through the background: see `sidebar` below). */
export type SidebarAction =
  | { do: 'view' }
  | { do: 'close' }
  | { do: 'step'; dir: 1 | -1; entityId: string | null }
  | { do: 'site'; rule: SiteRule | null };

/** The content script's answer to a sidebar action: its view, or null when it holds no sidebar with that token. */
export interface SidebarReply {
  ok: boolean;
  view: SidebarView | null;
}

/**
 * A changed view, sent by the content script with `runtime.sendMessage` (which reaches the extension's pages, the
 * sidebar frame among them, and never a web page); the frame takes it only with its own token.
 */
export interface SidebarPush {
  type: 'sidebarPush';
  token: string;
  view: SidebarView;
}

/** The result of adding to, importing into or removing from the reader's library: a count, or why not. */
export type LibraryReply =
  | { ok: true; title: string; docId: string; events: number; claims: number; added?: number; skipped?: number }
  | { ok: false; code: LibraryErrorCode; detail: string };

/** Requests, by type, with the reply each one gets. */
export interface Protocol {
  ping: { request: { type: 'ping' }; reply: { ok: true; documents: number } };
  payload: {
    /**
     * `all`: every ranked item ("Show all"); without it the best ones only, when there are many (see `more`).
     * `focus`: one of `entityIds`, whose items only are wanted (a focused name); another is ignored.
     */
    request: { type: 'payload'; entityIds: string[]; pageDate: string | null; page?: PageInput } & PayloadScope;
    reply: SidebarPayload;
  };
  search: {
    request: { type: 'search'; query: string; kinds?: SearchKind[]; from?: string; to?: string; limit?: number; lang?: 'en' | 'de' };
    reply: SearchHit[];
  };
  entity: { request: { type: 'entity'; id: string }; reply: SidebarPayload | null };
  document: { request: { type: 'document'; id: string }; reply: ReaderDocument | null };
  report: { request: { type: 'report'; report: PageReport }; reply: { ok: true } };
  pageState: { request: { type: 'pageState'; tabId: number }; reply: PageReport | null };
  topEntities: { request: { type: 'topEntities'; limit: number }; reply: IndexEntity[] };
  /** Opens the reader on a source passage in a new tab (a page cannot link to the extension's pages). */
  openReader: { request: { type: 'openReader'; docId: string; start?: number; end?: number }; reply: { ok: boolean } };
  /**
   * From the sidebar frame: an action for the content script that made it, relayed by the background to the
   * sender's own tab only. The token (random, in the frame's URL, never in the page's reach) picks the content
   * script: every other frame's ignores it.
   */
  sidebar: { request: { type: 'sidebar'; token: string; action: SidebarAction }; reply: SidebarReply };
  /**
   * The reader's library (extension pages only; a content script's request is refused). `libraryAdd` adds the page
   * of the sender's own tab (the sidebar frame) or of `tabId` (the popup's active tab).
   */
  libraryAdd: { request: { type: 'libraryAdd'; tabId?: number }; reply: LibraryReply };
  libraryList: { request: { type: 'libraryList' }; reply: LibraryEntry[] };
  libraryRemove: { request: { type: 'libraryRemove'; url: string }; reply: LibraryReply };
  libraryExport: { request: { type: 'libraryExport' }; reply: LibraryFile };
  libraryImport: { request: { type: 'libraryImport'; text: string; name: string }; reply: LibraryReply };
  libraryClear: { request: { type: 'libraryClear' }; reply: { ok: true } };
  /**
   * From the content script every page runs (the quick reject, lib/content/quick.ts), when its page may be on
   * topic: the background injects the page script (matcher, highlights, sidebar tab) into the sender's frame.
   */
  inject: { request: { type: 'inject' }; reply: { ok: boolean } };
}

export type RequestType = keyof Protocol;
export type Request = Protocol[RequestType]['request'];
export type Reply<T extends RequestType> = Protocol[T]['reply'];

const MAX_IDS = 500;
const MAX_STRING = 1000;
/** The largest library file an import reads (characters; Chromium's messages carry up to 64 MiB). */
export const MAX_LIBRARY_FILE = 48_000_000;

const isString = (v: unknown, max = MAX_STRING): v is string => typeof v === 'string' && v.length <= max;
/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real month and day of the calendar (no 2022-13, no 2023-02-29). */
const isDateString = (v: unknown): v is string => {
  const m = typeof v === 'string' ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(v) : null;
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1)];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
};
const isIdList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length <= MAX_IDS && v.every((x) => isString(x, 200));
const KINDS: readonly SearchKind[] = ['entity', 'event', 'claim', 'document'];

/**
 * Returns the request when `msg` is a well-formed Backstory request, else null. Extra fields are dropped.
 *
 * @example
 * parseRequest({ type: 'search', query: 'putin' }) // => { type: 'search', query: 'putin' }
 * parseRequest({ type: 'search', query: 42 })      // => null
 */
export function parseRequest(msg: unknown): Request | null {
  if (typeof msg !== 'object' || msg === null) return null;
  const m = msg as Record<string, unknown>;
  switch (m.type) {
    case 'ping':
      return { type: 'ping' };
    case 'payload':
      if (!isIdList(m.entityIds) || !(m.pageDate === null || isDateString(m.pageDate))) return null;
      if (m.all !== undefined && m.all !== true) return null;
      if (m.upTo !== undefined && !(Number.isInteger(m.upTo) && (m.upTo as number) > 0 && (m.upTo as number) <= MAX_UP_TO)) return null;
      // A focus that is not one of the entities is ignored by the background (the whole payload is sent).
      if (m.focus !== undefined && !(typeof m.focus === 'string' && m.focus.length <= 200)) return null;
      const scope: PayloadScope = { ...(m.all ? { all: true as const } : {}), ...(m.upTo !== undefined ? { upTo: m.upTo as number } : {}), ...(m.focus !== undefined ? { focus: m.focus } : {}) };
      if (m.page === undefined) return { type: 'payload', entityIds: m.entityIds, pageDate: m.pageDate, ...scope };
      const page = parsePage(m.page);
      return page ? { type: 'payload', entityIds: m.entityIds, pageDate: m.pageDate, page, ...scope } : null;
    case 'search': {
      if (!isString(m.query)) return null;
      const req: Protocol['search']['request'] = { type: 'search', query: m.query };
      if (m.kinds !== undefined) {
        if (!Array.isArray(m.kinds) || !m.kinds.every((k) => KINDS.includes(k as SearchKind))) return null;
        req.kinds = m.kinds as SearchKind[];
      }
      if (m.from !== undefined) {
        if (!isDateString(m.from)) return null;
        req.from = m.from;
      }
      if (m.to !== undefined) {
        if (!isDateString(m.to)) return null;
        req.to = m.to;
      }
      if (m.limit !== undefined) {
        if (typeof m.limit !== 'number' || !Number.isInteger(m.limit) || m.limit < 1 || m.limit > 200) return null;
        req.limit = m.limit;
      }
      if (m.lang !== undefined) {
        if (m.lang !== 'en' && m.lang !== 'de') return null;
        req.lang = m.lang;
      }
      return req;
    }
    case 'entity':
      return isString(m.id, 200) ? { type: 'entity', id: m.id } : null;
    case 'document':
      return isString(m.id, 200) ? { type: 'document', id: m.id } : null;
    case 'report': {
      const r = m.report as Record<string, unknown> | null;
      if (typeof r !== 'object' || r === null) return null;
      if (typeof r.onTopic !== 'boolean' || !isIdList(r.entityIds)) return null;
      if (typeof r.mentionCount !== 'number' || !Number.isInteger(r.mentionCount) || r.mentionCount < 0) return null;
      const report: PageReport = { onTopic: r.onTopic, entityIds: r.entityIds, mentionCount: r.mentionCount };
      if (r.zones !== undefined) {
        if (!isZoneCounts(r.zones)) return null;
        report.zones = r.zones;
      }
      return { type: 'report', report };
    }
    case 'pageState':
      return typeof m.tabId === 'number' && Number.isInteger(m.tabId) ? { type: 'pageState', tabId: m.tabId } : null;
    case 'topEntities':
      return typeof m.limit === 'number' && Number.isInteger(m.limit) && m.limit > 0 && m.limit <= 100
        ? { type: 'topEntities', limit: m.limit }
        : null;
    case 'openReader': {
      if (!isString(m.docId, 200) || m.docId === '') return null;
      if (m.start === undefined && m.end === undefined) return { type: 'openReader', docId: m.docId };
      const offset = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 10_000_000;
      if (!offset(m.start) || !offset(m.end) || m.end < m.start) return null;
      return { type: 'openReader', docId: m.docId, start: m.start, end: m.end };
    }
    case 'libraryAdd':
      if (m.tabId === undefined) return { type: 'libraryAdd' };
      return typeof m.tabId === 'number' && Number.isInteger(m.tabId) && m.tabId >= 0 ? { type: 'libraryAdd', tabId: m.tabId } : null;
    case 'libraryList':
    case 'libraryExport':
    case 'libraryClear':
      return { type: m.type };
    case 'libraryRemove':
      return isString(m.url, 4000) ? { type: 'libraryRemove', url: m.url } : null;
    case 'libraryImport':
      return isString(m.text, MAX_LIBRARY_FILE) && isString(m.name, 500) ? { type: 'libraryImport', text: m.text, name: m.name } : null;
    case 'sidebar': {
      const action = parseSidebarAction(m.action);
      return isToken(m.token) && action ? { type: 'sidebar', token: m.token, action } : null;
    }
    case 'inject':
      return { type: 'inject' };
    default:
      return null;
  }
}

const isToken = (v: unknown): v is string => typeof v === 'string' && /^[\w-]{16,64}$/.test(v);
const isRule = (v: unknown): v is SiteRule | null => v === null || v === 'never' || v === 'always';

export function parseSidebarAction(v: unknown): SidebarAction | null {
  if (typeof v !== 'object' || v === null) return null;
  const a = v as Record<string, unknown>;
  switch (a.do) {
    case 'view':
    case 'close':
      return { do: a.do };
    case 'step':
      return (a.dir === 1 || a.dir === -1) && (a.entityId === null || isString(a.entityId, 200)) ? { do: 'step', dir: a.dir, entityId: a.entityId } : null;
    case 'site':
      return isRule(a.rule) ? { do: 'site', rule: a.rule } : null;
    default:
      return null;
  }
}

function parseSidebarView(v: unknown): SidebarView | null {
  if (typeof v !== 'object' || v === null) return null;
  const w = v as Record<string, unknown>;
  if (!count(w.mentionCount) || !isIdList(w.entityIds) || !(w.pageDate === null || isDateString(w.pageDate))) return null;
  if (!isString(w.host, 300) || !isRule(w.rule) || !(w.focus === null || isString(w.focus, 200)) || !count(w.focusSeq)) return null;
  const view: SidebarView = { mentionCount: w.mentionCount, entityIds: w.entityIds, pageDate: w.pageDate, host: w.host, rule: w.rule, focus: w.focus, focusSeq: w.focusSeq };
  if (w.page !== undefined) {
    const page = parsePage(w.page);
    if (!page) return null;
    view.page = page;
  }
  return view;
}

/** The content script's reply to a relayed sidebar action (anything else: no sidebar there). */
export function parseSidebarReply(v: unknown): SidebarReply {
  const r = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  const view = r.view === null ? null : parseSidebarView(r.view);
  return { ok: r.ok === true && view !== null, view };
}

/** A view pushed by the content script, for the frame holding `token`; null for anything else. */
export function parseSidebarPush(v: unknown, token: string): SidebarView | null {
  if (typeof v !== 'object' || v === null) return null;
  const m = v as Record<string, unknown>;
  return m.type === 'sidebarPush' && m.token === token ? parseSidebarView(m.view) : null;
}

const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1_000_000;
function isZoneCounts(v: unknown): v is ZoneCounts {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const entries = Object.entries(v);
  return entries.length <= MAX_IDS && entries.every(([k, c]) => k.length <= 200 && Array.isArray(c) && c.length === 3 && c.every(count));
}

function parsePage(v: unknown): PageInput | null {
  if (typeof v !== 'object' || v === null) return null;
  const p = v as Record<string, unknown>;
  const out: PageInput = {};
  if (p.zones !== undefined) {
    if (!isZoneCounts(p.zones)) return null;
    out.zones = p.zones;
  }
  for (const k of ['title', 'text'] as const) {
    if (p[k] === undefined) continue;
    if (!isString(p[k], SAMPLE_CHARS)) return null;
    out[k] = p[k];
  }
  if (p.url !== undefined && p.url !== null) {
    if (!isString(p.url, 2000)) return null;
    out.url = p.url;
  }
  if (p.address !== undefined) {
    if (!isString(p.address, 2000)) return null;
    out.address = p.address;
  }
  return out;
}

/** Storage key where the background leaves a look-up ("Look up in Backstory") for the popup to pick up. */
export const PENDING_QUERY_KEY = 'pendingQuery';

/** A function that sends a request and resolves with its typed reply (the runtime messaging, or a test double). */
export type Send = <T extends RequestType>(req: Protocol[T]['request']) => Promise<Reply<T>>;

/**
 * Whether a message comes from this extension itself (its background, pages or content scripts). Messages from
 * other extensions or from web pages carry another id, or none, and are ignored by every listener.
 */
export function fromOwnExtension(sender: { id?: string | undefined }, ownId: string): boolean {
  return typeof sender.id === 'string' && ownId !== '' && sender.id === ownId;
}
