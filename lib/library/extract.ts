/**
 * Article extraction for the library, on demand only (never on the page-load path): a snapshot of the page (its
 * HTML, address, language, content type, taken by the content script when the reader asks) is parsed into a
 * detached Document and read with `@mozilla/readability` (Firefox Reader View's library). Works on any Document
 * it is given (the offscreen document's DOMParser in Chromium, the background page's in Firefox, happy-dom in
 * tests); it never touches a live page.
 */
import { Readability } from '@mozilla/readability';
import { franc } from 'franc-min';
import { isPdfAddress, LibraryError } from './errors';
import { LIBRARY_LANGS, type LibraryArticle, type LibraryLang } from './format';
import { MIN_WORDS, wordCount } from './analyse';

/** What the content script sends of its page when the reader adds it. */
export interface PageSnapshot {
  url: string;
  html: string;
  /** `<html lang>`, '' when none. */
  lang: string;
  /** `document.contentType` (the PDF viewer is `application/pdf`). */
  contentType: string;
}

/** franc's ISO 639-3 codes for the languages the pipeline has lexicons for. */
const FRANC: Record<string, LibraryLang> = { deu: 'de', eng: 'en', spa: 'es', pes: 'fa', fra: 'fr', rus: 'ru' };

/** Words that mark a paywall's teaser, in the supported languages. */
const PAYWALL =
  /\b(subscribe (now )?to (continue|read)|already a subscriber|to continue reading|this (article|content) is (only )?(available|for) (to )?subscribers|jetzt abonnieren|weiterlesen mit|bereits abonnent|abonnez-vous pour lire|déjà abonné|suscríbete para (seguir|continuar) leyendo|ya eres suscriptor|оформите подписку|уже подписаны)\b/iu;

const BLOCKS = 'p,h1,h2,h3,h4,h5,h6,li,blockquote,pre,figcaption,td';

/** Paragraph text of the article's content: blocks joined by blank lines (the pipeline's paragraph breaks). */
function paragraphs(content: Document): string {
  const out: string[] = [];
  for (const el of Array.from(content.querySelectorAll(BLOCKS))) {
    if (el.querySelector(BLOCKS)) continue;
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text) out.push(text);
  }
  return out.length ? out.join('\n\n') : (content.body?.textContent ?? '').replace(/[ \t]+/g, ' ').replace(/\n\s*\n+/g, '\n\n').trim();
}

function meta(doc: Document, ...names: string[]): string | null {
  for (const n of names) {
    const el = doc.querySelector(`meta[property="${n}"], meta[name="${n}"], meta[itemprop="${n}"]`);
    const v = el?.getAttribute('content')?.trim();
    if (v) return v;
  }
  return null;
}

/** `YYYY-MM-DD` (or coarser) from an ISO-like date, null when it is not one. */
export function dateOf(value: string | null | undefined): string | null {
  const m = value ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value.trim()) : null;
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), m[2] ? Number(m[2]) : null, m[3] ? Number(m[3]) : null];
  if (y < 1900 || y > 2200 || (mo !== null && (mo < 1 || mo > 12)) || (d !== null && (d < 1 || d > 31))) return null;
  return m[0];
}

function jsonLdDates(doc: Document): string | null {
  for (const s of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    let data: unknown;
    try {
      data = JSON.parse(s.textContent ?? '');
    } catch {
      continue;
    }
    const stack: unknown[] = [data];
    while (stack.length) {
      const v = stack.pop();
      if (Array.isArray(v)) stack.push(...v);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        const d = typeof o.datePublished === 'string' ? dateOf(o.datePublished) : null;
        if (d) return d;
        if (o['@graph']) stack.push(o['@graph']);
      }
    }
  }
  return null;
}

/** The published date the page's metadata states: article:published_time, JSON-LD datePublished, <time datetime>. */
export function publishedDate(doc: Document): string | null {
  return (
    dateOf(meta(doc, 'article:published_time', 'og:article:published_time', 'datePublished', 'pubdate', 'publishdate', 'date', 'dc.date', 'DC.date.issued')) ??
    jsonLdDates(doc) ??
    dateOf(doc.querySelector('time[datetime]')?.getAttribute('datetime'))
  );
}

/** The page's language among the supported ones: its `lang`, else detected from the text. */
export function languageOf(pageLang: string, text: string): LibraryLang {
  const tag = pageLang.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (tag) {
    if ((LIBRARY_LANGS as readonly string[]).includes(tag)) return tag as LibraryLang;
    throw new LibraryError('language', LIBRARY_LANGS.join(', '));
  }
  const found = FRANC[franc(text.slice(0, 4000), { minLength: 20 })];
  if (!found) throw new LibraryError('language', LIBRARY_LANGS.join(', '));
  return found;
}

/** A home page, a search page, a section front: not an article, whatever Readability makes of it. */
function looksLikeIndexPage(url: URL): boolean {
  if (url.pathname === '/' || url.pathname === '') return true;
  if (/\/(search|suche|recherche|buscar|tag|tags|category|categories|section|topics?)(\/|$)/i.test(url.pathname)) return true;
  return ['q', 'query', 's', 'search'].some((k) => url.searchParams.has(k));
}

/** Headings that are links to other pages and nothing more: a list of stories has many, an article hardly any. */
function linkedHeadlines(content: Document): number {
  let n = 0;
  for (const h of Array.from(content.querySelectorAll('h2,h3,h4,h5,h6'))) {
    const text = (h.textContent ?? '').trim();
    const linked = Array.from(h.querySelectorAll('a[href]')).reduce((k, a) => k + (a.textContent ?? '').trim().length, 0);
    if (text && linked >= text.length * 0.9) n++;
  }
  return n;
}

/**
 * Extracts the article of a page snapshot; throws LibraryError ('pdf', 'unreadable', 'notArticle', 'paywall',
 * 'tiny', 'language') naming what is wrong. `parse` turns HTML into a detached Document (a DOMParser).
 */
export function extractArticle(snap: PageSnapshot, parse: (html: string) => Document, addedAt: string): LibraryArticle {
  if (snap.contentType === 'application/pdf' || isPdfAddress(snap.url)) throw new LibraryError('pdf');
  let url: URL;
  try {
    url = new URL(snap.url);
  } catch {
    throw new LibraryError('unreadable', snap.url);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new LibraryError('unreadable', snap.url);
  if (!/html|xml/.test(snap.contentType)) throw new LibraryError('notArticle', snap.contentType);
  const doc = parse(snap.html);
  const published = publishedDate(doc);
  const siteName = meta(doc, 'og:site_name', 'application-name');
  const fullText = (doc.body?.textContent ?? '').replace(/\s+/g, ' ');
  if (looksLikeIndexPage(url)) throw new LibraryError('notArticle', url.pathname + url.search);
  const result = new Readability(doc, { keepClasses: false }).parse();
  if (!result || !result.content) {
    if (PAYWALL.test(fullText)) throw new LibraryError('paywall');
    throw new LibraryError('notArticle', url.pathname);
  }
  const content = parse(result.content);
  const text = paragraphs(content);
  const words = wordCount(text);
  if (PAYWALL.test(text) || (words < MIN_WORDS * 2 && PAYWALL.test(fullText))) {
    if (words < MIN_WORDS * 3) throw new LibraryError('paywall');
  }
  // A list of links (a section page, search results): most of the extracted text is link text.
  const linkChars = Array.from(content.querySelectorAll('a')).reduce((n, a) => n + (a.textContent ?? '').trim().length, 0);
  if (text.length > 0 && linkChars / text.length > 0.5) throw new LibraryError('notArticle', url.pathname);
  // Search results or a front page's teasers: headlines that are links, each with a line or two under it (a
  // listicle's linked headings each have paragraphs under them).
  const headlines = linkedHeadlines(content);
  if (headlines >= 4 && words / headlines < 60) throw new LibraryError('notArticle', url.pathname);
  if (words < MIN_WORDS) throw new LibraryError('tiny', String(words));
  const lang = languageOf(snap.lang || (doc.documentElement.getAttribute('lang') ?? ''), text);
  const title = (result.title ?? '').trim() || (doc.title ?? '').trim() || url.host;
  return {
    url: url.href.replace(/#.*$/, ''),
    title,
    byline: result.byline?.trim() || null,
    outlet: siteName ?? (result.siteName?.trim() || url.host.replace(/^www\./, '')),
    lang,
    published,
    text,
    addedAt,
  };
}
