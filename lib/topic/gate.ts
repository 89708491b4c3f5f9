/**
 * The topic gate: is this page about Russia–Iran relations? Backstory acts only when it is. The signals are
 * the ones a careful reader uses: both sides named (weighted by where: title and lead count more than the body,
 * sidebars and footers hardly at all), both sides named close together, entities specific to the relation
 * (Shahed drones, the partnership treaty), and density in a long page.
 */
import type { Zone } from './zone';
import type { EntityTable, Mention } from '../match/types';

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
export function decide(table: EntityTable, mentions: ZonedMention[], words: number): TopicDecision {
  const tally = new TopicTally(table);
  for (const m of mentions) tally.add(m);
  return tally.decision(words);
}

/** Mentions tallied per step of `decideSteps`. */
export const DECIDE_STEP = 10_000;

/** `decide` as a resumable walk, yielding every `step` mentions (a huge page has 100,000s: one go was a long task). */
export function* decideSteps(table: EntityTable, mentions: readonly ZonedMention[], words: number, step = DECIDE_STEP): Generator<void, TopicDecision, void> {
  const tally = new TopicTally(table);
  for (let i = 0; i < mentions.length; i++) {
    if (i > 0 && i % step === 0) yield;
    tally.add(mentions[i]!);
  }
  return tally.decision(words);
}

/**
 * The gate's signals gathered one mention at a time, in page order (the "named together" places depend on it), so
 * that a caller can spread a huge page's mentions over several tasks; `decision` is what `decide` returns for the
 * same mentions.
 *
 * @example
 * const tally = new TopicTally(table);
 * for (const m of mentions) tally.add(m);
 * tally.decision(800) // => the same as decide(table, mentions, 800)
 */
export class TopicTally {
  private russia = 0;
  private iran = 0;
  private together = 0;
  private titleRussia = false;
  private titleIran = false;
  private readonly specific = new Set<string>();
  private readonly withBoth = new Set<string>();
  private russiaCount = 0;
  private iranCount = 0;
  private lastRussia = -Infinity;
  private lastIran = -Infinity;
  private counted = 0;

  constructor(private readonly table: EntityTable) {}

  add(m: ZonedMention): void {
    const e = this.table.entities[m.entity];
    if (!e) return;
    const w = ZONE_WEIGHT[m.zone] * (m.demonym ? 0.5 : 1);
    if (m.zone !== 'aside') this.counted++;
    if (e.specific && m.zone !== 'aside') this.specific.add(e.id);
    if (SPECIFIC_WITH_BOTH.has(e.id) && m.zone !== 'aside') this.withBoth.add(e.id);
    if (e.side === 'russia') {
      this.russia += w;
      if (m.zone !== 'aside') this.russiaCount++;
      if (m.zone === 'title') this.titleRussia = true;
      if (m.zone !== 'aside') {
        if (m.start - this.lastIran < TOGETHER_WINDOW) this.together++;
        this.lastRussia = m.end;
      }
    } else if (e.side === 'iran') {
      this.iran += w;
      if (m.zone !== 'aside') this.iranCount++;
      if (m.zone === 'title') this.titleIran = true;
      if (m.zone !== 'aside') {
        if (m.start - this.lastRussia < TOGETHER_WINDOW) this.together++;
        this.lastIran = m.end;
      }
    }
  }

  /** The decision on the mentions added so far, for a page of `words` words. */
  decision(words: number): TopicDecision {
    const { russia, iran, counted } = this;
    const titleBoth = this.titleRussia && this.titleIran;
    const specific = new Set(this.specific);
    if (this.russiaCount > 0 && this.iranCount > 0) for (const id of this.withBoth) specific.add(id);
    // One passing mention of a side can sit near many of the other: it makes at most two "together" places.
    const together = Math.min(this.together, 2 * Math.min(this.russiaCount, this.iranCount));
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
