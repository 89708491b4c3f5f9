/**
 * The page's publication date from its metadata: `article:published_time` and similar meta tags, JSON-LD
 * `datePublished`, then the first `<time datetime>` inside the article. Unknown (null) otherwise.
 */
import { runToEnd } from './collect';

const META_SELECTORS = [
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="date"]',
  'meta[name="pubdate"]',
  'meta[name="publish-date"]',
  'meta[name="dc.date"]',
  'meta[name="DC.date.issued"]',
  'meta[property="og:published_time"]',
];

/** `YYYY-MM-DD` from an ISO-like date string, or null. */
export function isoDay(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

function fromJsonLd(node: unknown, depth = 0): string | null {
  if (depth > 6 || node === null || typeof node !== 'object') return null;
  if (Array.isArray(node)) {
    for (const item of node) {
      const d = fromJsonLd(item, depth + 1);
      if (d) return d;
    }
    return null;
  }
  const obj = node as Record<string, unknown>;
  if (typeof obj.datePublished === 'string') {
    const d = isoDay(obj.datePublished);
    if (d) return d;
  }
  return fromJsonLd(obj['@graph'], depth + 1);
}

const JSON_LD = 'script[type="application/ld+json"]';
const TIME = 'time[datetime]';
const ARTICLE_TIME = 'article time[datetime], main time[datetime], time[pubdate][datetime]';

/**
 * Elements of one tag name, in document order. A query of one tag name is the browser's fast path: a walk that
 * compares tag names. A list of selectors (the sources' own, or all of them at once) is matched selector by selector
 * on every element of the page, which on a huge page (200,000 nodes) was most of a long task.
 */
const byTag = (doc: Document, tag: string, sel: string): Element[] => [...doc.querySelectorAll(tag)].filter((el) => el.matches(sel));

export function pageDate(doc: Document): string | null {
  return runToEnd(pageDateSteps(doc));
}

/** `pageDate` as a resumable walk: each query of the page (a walk of the whole of it) is a step of its own. */
export function* pageDateSteps(doc: Document): Generator<void, string | null, void> {
  const metas = byTag(doc, 'meta', META_SELECTORS.join(', '));
  for (const sel of META_SELECTORS) {
    const d = isoDay(metas.find((el) => el.matches(sel))?.getAttribute('content'));
    if (d) return d;
  }
  yield;
  for (const script of byTag(doc, 'script', JSON_LD)) {
    try {
      const d = fromJsonLd(JSON.parse(script.textContent ?? ''));
      if (d) return d;
    } catch {
      // A page's broken JSON-LD is the page's business; try the next source.
    }
  }
  yield;
  const times = byTag(doc, 'time', TIME);
  const time = times.find((el) => el.matches(ARTICLE_TIME)) ?? times[0];
  return isoDay(time?.getAttribute('datetime'));
}
