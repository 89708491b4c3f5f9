/**
 * The topic gate: is this page about Russia–Iran relations? Backstory acts only when it is. The signals are
 * the ones a careful reader uses: both sides named (weighted by where: title and lead count more than the body,
 * sidebars and footers hardly at all), both sides named close together, entities specific to the relation
 * (Shahed drones, the partnership treaty), and density in a long page.
 */
import type { Zone } from './zone';
import type { MatcherTable, Mention } from '../match/types';

export interface ZonedMention extends Mention {
  zone: Zone;
}

export interface TopicDecision {
  onTopic: boolean;
  score: number;
  reasons: string[];
  /** The signals behind the score, for `npm run scan -- --json`. */
  signals: {
    russia: number;
    iran: number;
    together: number;
    specific: string[];
    titleBoth: boolean;
    perThousandWords: number;
  };
}

const ZONE_WEIGHT: Record<Zone, number> = { title: 3, lead: 2, body: 1, aside: 0.15 };
/** Mentions closer than this (in characters) count as "named together". */
const TOGETHER_WINDOW = 250;
/** Entities that speak for the relation only when both sides are named on the page (BRICS with both members). */
const SPECIFIC_WITH_BOTH = new Set(['org:brics', 'event:brics-summit-kazan-2024']);
export const THRESHOLD = 8;

/**
 * Decides from the mentions of a page (with their zones) and its word count.
 *
 * @example
 * decide(table, mentions, 800).onTopic // => true for a report on Putin's visit to Tehran
 */
export function decide(table: MatcherTable, mentions: ZonedMention[], words: number): TopicDecision {
  let russia = 0;
  let iran = 0;
  let together = 0;
  let titleRussia = false;
  let titleIran = false;
  const specific = new Set<string>();
  const withBoth = new Set<string>();
  let russiaCount = 0;
  let iranCount = 0;
  let lastRussia = -Infinity;
  let lastIran = -Infinity;
  let counted = 0;
  for (const m of mentions) {
    const e = table.entities[m.entity];
    if (!e) continue;
    const w = ZONE_WEIGHT[m.zone] * (m.demonym ? 0.5 : 1);
    if (m.zone !== 'aside') counted++;
    if (e.specific && m.zone !== 'aside') specific.add(e.id);
    if (SPECIFIC_WITH_BOTH.has(e.id) && m.zone !== 'aside') withBoth.add(e.id);
    if (e.side === 'russia') {
      russia += w;
      if (m.zone !== 'aside') russiaCount++;
      if (m.zone === 'title') titleRussia = true;
      if (m.zone !== 'aside') {
        if (m.start - lastIran < TOGETHER_WINDOW) together++;
        lastRussia = m.end;
      }
    } else if (e.side === 'iran') {
      iran += w;
      if (m.zone !== 'aside') iranCount++;
      if (m.zone === 'title') titleIran = true;
      if (m.zone !== 'aside') {
        if (m.start - lastRussia < TOGETHER_WINDOW) together++;
        lastIran = m.end;
      }
    }
  }
  const titleBoth = titleRussia && titleIran;
  if (russiaCount > 0 && iranCount > 0) for (const id of withBoth) specific.add(id);
  // One passing mention of a side can sit near many of the other: it makes at most two "together" places.
  together = Math.min(together, 2 * Math.min(russiaCount, iranCount));
  const perThousandWords = words > 0 ? (counted * 1000) / words : 0;
  const reasons: string[] = [];
  let score = Math.min(russia, iran) + 1.5 * Math.min(together, 8) + 3 * Math.min(specific.size, 3);
  if (titleBoth) score += 6;
  // A long page that names both only a few times is not about them.
  if (perThousandWords < 4) score *= perThousandWords / 4;
  score = Math.round(score * 100) / 100;

  reasons.push(`russia-side weight ${round(russia)}`, `iran-side weight ${round(iran)}`);
  reasons.push(`${together} places where both are named together`);
  if (specific.size) reasons.push(`story-specific: ${[...specific].sort().join(', ')}`);
  if (titleBoth) reasons.push('both named in the title');
  reasons.push(`${round(perThousandWords)} mentions per 1000 words`);
  const onTopic = score >= THRESHOLD && russia >= 1 && iran >= 1 && (together >= 1 || titleBoth);
  reasons.push(onTopic ? `score ${score} ≥ ${THRESHOLD}: on topic` : `score ${score}: not on topic`);
  return {
    onTopic,
    score,
    reasons,
    signals: { russia: round(russia), iran: round(iran), together, specific: [...specific].sort(), titleBoth, perThousandWords: round(perThousandWords) },
  };
}

const round = (x: number): number => Math.round(x * 100) / 100;

/**
 * Words in a text, for density. Chinese and Japanese are written without spaces: there every two characters
 * count as a word (about the length of a Chinese word), so that a long page in them is diluted like any other.
 */
export function countWords(text: string): number {
  let n = 0;
  let unspaced = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3040 && c <= 0x9fff) {
      unspaced++;
      inWord = false;
      continue;
    }
    const space = c === 32 || c === 10 || c === 9 || c === 13 || c === 160;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n + Math.ceil(unspaced / 2);
}
