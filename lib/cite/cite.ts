/**
 * Citations of events and claims, as plain text and as Markdown: the quote, what happened (events) or who said
 * what with which stance (claims), the date and how it is known, and the source (title, outlet, date, address).
 * Pure and platform-neutral: the strings come from lib/i18n (the interface language), the copying is the UI's.
 *
 * @example
 * formatCitation(eventCitation(ev, ev.sources[0], payload.documents), 'markdown')
 * // > “Putin arrived in Tehran …”
 * //
 * // - **What happened:** Putin visits Tehran
 * // - **Date:** Jul 19, 2022 (date inferred from the article’s date)
 * // - **Source:** [Title](https://…), Outlet, Jul 19, 2022
 */
import { formatDate, t } from '../i18n';
import type { DateBasis, IndexClaim, IndexDate, IndexEvent, IndexSource, Stance } from '../index/types';

export type CiteFormat = 'text' | 'markdown';

/** What a citation says about its source article. */
export interface CiteDocument {
  title: string;
  outlet: string | null;
  /** The article's web address; null when none is on record (some seeds). */
  url: string | null;
  date: IndexDate | null;
}

interface CitableBase {
  quote: string;
  date: IndexDate | null;
  /** Null when the source document is not at hand: the citation then says the source is unknown. */
  doc: CiteDocument | null;
}

export type Citable =
  | (CitableBase & { kind: 'event'; summary: string })
  | (CitableBase & { kind: 'claim'; claimant: string; stance: Stance; statement: string });

/**
 * The one place that says where a document is on the web: its `url` in the index (seeds with a `url` in
 * seeds/metadata.json, articles folded in with `npm run index -- --library`, library articles), else null.
 */
export function documentUrl(doc: { url?: string | null | undefined }): string | null {
  return typeof doc.url === 'string' && /^https?:\/\//i.test(doc.url) ? doc.url : null;
}

/** The source document of `docId` in a map of summaries (the sidebar payload's `documents`), as a citation needs it. */
export function citeDocument(docs: Record<string, { title: string; outlet: string | null; date: IndexDate | null; url?: string | null }>, docId: string): CiteDocument | null {
  const d = docs[docId];
  return d ? { title: d.title, outlet: d.outlet, url: documentUrl(d), date: d.date } : null;
}

/** An event as reported by one of its sources (an event reported by several articles is cited per source). */
export function eventCitation(ev: Pick<IndexEvent, 'summary' | 'date'>, source: Pick<IndexSource, 'docId' | 'quote'>, docs: Parameters<typeof citeDocument>[0]): Citable {
  return { kind: 'event', summary: ev.summary, quote: source.quote, date: ev.date, doc: citeDocument(docs, source.docId) };
}

export function claimCitation(c: Pick<IndexClaim, 'claimant' | 'stance' | 'statement' | 'quote' | 'date' | 'docId'>, docs: Parameters<typeof citeDocument>[0]): Citable {
  return { kind: 'claim', claimant: c.claimant.text, stance: c.stance, statement: c.statement, quote: c.quote, date: c.date, doc: citeDocument(docs, c.docId) };
}

/** How the date is known, in words ("date inferred from the article’s date"). */
export function basisInWords(basis: DateBasis): string {
  switch (basis) {
    case 'text':
      return t('citeBasisText');
    case 'curated':
      return t('citeBasisCurated');
    case 'inferred':
      return t('citeBasisInferred');
    case 'partial':
      return t('citeBasisPartial');
    case 'borrowed':
      return t('citeBasisBorrowed');
  }
}

function stanceInWords(stance: Stance): string {
  switch (stance) {
    case 'asserts':
      return t('citeAsserts');
    case 'confirms':
      return t('citeConfirms');
    case 'disputes':
      return t('citeDisputes');
    case 'denies':
      return t('citeDenies');
  }
}

/**
 * Escapes text for Markdown (CommonMark): every character that could start emphasis, a link, code, an HTML tag,
 * a table cell or an entity, and, at the start of a line, a heading, quote, list item or rule. What is left reads
 * as the same words.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~]/g, '\\$&')
    .replace(/&(?=#?\w+;)/g, '\\&')
    .split('\n')
    .map((line) => line.replace(/^(\s*)([#>+=-])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2'))
    .join('\n');
}

/** A web address as a Markdown link destination (characters that would end or break it percent-encoded). */
function markdownUrl(url: string): string {
  return url.replace(/[\s()<>\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function dateText(date: IndexDate | null): string {
  return date ? `${formatDate(date.value)} (${basisInWords(date.basis)})` : t('citeDateUnknown');
}

/** The lines of a citation: label and value, the value already in the target format. */
function fields(item: Citable, md: boolean): Array<[string, string]> {
  const esc = md ? escapeMarkdown : (s: string): string => s;
  const out: Array<[string, string]> = [];
  if (item.kind === 'event') out.push([t('citeWhatHappened'), esc(item.summary)]);
  else {
    out.push([t('citeWhoSaid'), `${esc(item.claimant)} (${stanceInWords(item.stance)})`]);
    out.push([t('citeWhatClaimed'), esc(item.statement)]);
  }
  out.push([t('citeDate'), dateText(item.date)]);
  out.push([t('citeSource'), source(item.doc, md)]);
  return out;
}

function source(doc: CiteDocument | null, md: boolean): string {
  if (!doc) return t('citeSourceUnknown');
  const url = documentUrl(doc);
  const title = md ? (url ? `[${escapeMarkdown(doc.title)}](${markdownUrl(url)})` : `*${escapeMarkdown(doc.title)}*`) : t('citeQuoted', doc.title);
  const parts = [title];
  if (doc.outlet) parts.push(md ? escapeMarkdown(doc.outlet) : doc.outlet);
  if (doc.date) parts.push(formatDate(doc.date.value));
  let line = parts.join(', ');
  if (!url) line += ` (${t('citeNoUrl')})`;
  else if (!md) line += `, ${url}`;
  return line;
}

/** The citation of `item` in `format`, in the interface language (lib/i18n). */
export function formatCitation(item: Citable, format: CiteFormat): string {
  const md = format === 'markdown';
  const lines = fields(item, md);
  if (!md) return [t('citeQuoted', item.quote), ...lines.map(([label, value]) => `${label}: ${value}`)].join('\n');
  const quote = escapeMarkdown(item.quote)
    .split('\n')
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');
  return [quote, '', ...lines.map(([label, value]) => `- **${label}:** ${value}`)].join('\n');
}
