/**
 * What Backstory does with a page, short of drawing: collect its text, match the gazetteer, decide whether it
 * is on topic. The content script and `npm run scan` both call this, so the CLI reports exactly what the
 * extension would do.
 */
import { collectText, nodeIndexAt, type PageText } from './dom/collect';
import { pageDate } from './dom/page-date';
import type { Matcher } from './match/matcher';
import { countWords, decide, type TopicDecision, type ZonedMention } from './topic/gate';

export interface PageScan {
  page: PageText;
  mentions: ZonedMention[];
  decision: TopicDecision;
  date: string | null;
}

/** Attaches the zone of its text node to each mention. */
export function zoneMentions(page: PageText, matcher: Matcher, titleText: string): ZonedMention[] {
  const zoned: ZonedMention[] = [];
  for (const m of matcher.match(titleText)) zoned.push({ ...m, start: -1, end: -1, zone: 'title' });
  for (const m of matcher.match(page.text)) zoned.push({ ...m, zone: page.zones[nodeIndexAt(page, m.start)]! });
  return zoned;
}

export function scanDocument(doc: Document, matcher: Matcher, exclude: Element | null = null): PageScan {
  const page = collectText(doc.body, { exclude });
  // The document title counts as title text unless the page's own <h1> repeats it.
  const h1 = doc.querySelector('h1')?.textContent?.trim() ?? '';
  const title = doc.title && !h1.includes(doc.title.trim()) ? doc.title : '';
  const mentions = zoneMentions(page, matcher, title);
  const decision = decide(matcher.table, mentions, countWords(page.text));
  return { page, mentions, decision, date: pageDate(doc) };
}

/** Page mentions only (title-tag mentions have no place on the page). */
export function pageMentions(scan: PageScan): ZonedMention[] {
  return scan.mentions.filter((m) => m.start >= 0);
}
