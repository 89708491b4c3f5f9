/**
 * What the content script (and `npm run scan`) tells the ranking about a page: how often each entity is named in
 * the title, the lead and the body, the title and the first characters of the main text (for proposition cues and
 * the fingerprint), and the page's canonical address. Read from the scan's results; nothing else is read.
 */
import { textOf, type PageText } from '../dom/collect';
import type { Zone } from '../topic/zone';

/** Characters of main text sent with a sidebar request (the title and lead are what matter; this is plenty). */
export const SAMPLE_CHARS = 12_000;

export type ZoneCounts = Record<string, [number, number, number]>;

const SLOT: Partial<Record<Zone, 0 | 1 | 2>> = { title: 0, lead: 1, body: 2 };

/** Mentions per entity and zone; sidebars and footers do not count. */
export function zoneCounts(mentions: Iterable<{ id: string; zone: Zone }>): ZoneCounts {
  const out: ZoneCounts = {};
  for (const m of mentions) {
    const slot = SLOT[m.zone];
    if (slot === undefined) continue;
    (out[m.id] ??= [0, 0, 0])[slot]++;
  }
  return out;
}

/** The first `max` characters of the page's text outside sidebars and footers. */
export function textSample(page: PageText, max = SAMPLE_CHARS): string {
  const text = textOf(page);
  let out = '';
  for (let i = 0; i < page.nodes.length && out.length < max; i++) {
    if (page.zones[i] === 'aside') continue;
    const end = i + 1 < page.starts.length ? page.starts[i + 1]! : text.length;
    out += text.slice(page.starts[i]!, end);
  }
  return out.slice(0, max);
}

/** The page's title: the title tag, else its first heading. */
export function pageTitle(doc: Document): string {
  return (doc.title || doc.querySelector('h1')?.textContent || '').trim().slice(0, 500);
}

/** The page's canonical address (`<link rel="canonical">`, else `og:url`), when it states one. */
export function canonicalUrl(doc: Document): string | null {
  const link = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? doc.querySelector('meta[property="og:url"]')?.getAttribute('content');
  if (!link) return null;
  try {
    return new URL(link, doc.baseURI).href;
  } catch {
    return null;
  }
}
