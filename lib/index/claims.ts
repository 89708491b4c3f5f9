/**
 * Attributed claims: every reported statement ("X said/told/warned/denied/confirmed", "according to X",
 * "X is said to", "reportedly", German "sagte", "erklärte", "laut", "behauptete", "zurückgewiesen", ...), with its
 * claimant (an entity where there is one, else the text: "unnamed insiders", "Russian officials"), its stance,
 * the statement, the entities it is about, its date, and the verbatim quote. Claims about the same proposition
 * (curated in data/topics.json) are linked so the sidebar can show them side by side.
 */
import { normalize, tokenize } from '../text/normalize';
import type { MatcherTable, Mention } from '../match/types';
import type { AnalysedDoc } from './analysed';
import { docKey, entityIdsOf, sentenceContexts, type SentenceCtx } from './context';
import { quoteRanges, speechCues, type Cue } from './cues';
import { findDates } from './dates';
import { lexiconFor, type Lexicon } from './lexicon';
import { type Claimant, type ClaimantResolver, type DocResolver } from './resolve';
import type { IndexClaim, IndexDate, Stance } from './types';

export interface Topic {
  id: string;
  label: { en: string; de: string };
  /** Every side listed must be named (entities or demonyms of that side). */
  sides?: Array<'russia' | 'iran'>;
  /** At least one of these entities must be named or be the claimant. */
  entities?: string[];
  /** At least one word must start with one of these (folded). */
  keywords: string[];
  dateFrom?: string;
  dateTo?: string;
  /**
   * A general proposition, carried by nearly every article of the story ("How close are Russia and Iran?"): the
   * ranking weighs it as if most documents carried it, whatever a small index counts (lib/rank/rank.ts).
   */
  general?: true;
}

export interface Topics {
  version: 1;
  topics: Topic[];
}

/** A claimant phrase that is a role in apposition ("head of the ...", "a member of ..."): the name is further back. */
const APPOSITION = /^(the |a |an )?(head|member|chief|senior|elderly|research|fellow|assistant|spokesman|spokesperson|secretary|director|adviser|advisor|der|die|den|dem)\b/iu;
/** Generic plural claimants whose subject is the two countries named just before. */
/** Speech verbs that may come before their subject ("say critics", "writes CNN"). */
const DISPUTE = /\b(limited number|begrenzte anzahl|predates|no particular developments|monate bevor|before the war)\b/iu;
const LEADING_NOISE = /^(?:[\s,;:–—-]+|(?:and|but|und|aber|dies|this|that|dass|in this context)\b\s*)+/iu;
const DATE_WORDS = /\s+(?:on|am|at|in|im)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|the time)\s*$/iu;

export function claimId(docIdValue: string, sentence: number, n: number): string {
  return `cl:${docKey(docIdValue)}:${sentence}.${n}`;
}

/** Claims across the corpus, linked by proposition. */
export function extractClaims(docs: AnalysedDoc[], table: MatcherTable, topics: Topics, lexicons: Map<string, Lexicon>, resolver: ClaimantResolver): IndexClaim[] {
  const claims: IndexClaim[] = [];
  for (const a of docs) claims.push(...claimsOf(a, table, topics, lexiconFor(lexicons, a.doc.lang), resolver));
  const byTopic = new Map<string, IndexClaim[]>();
  for (const c of claims) if (c.topic) byTopic.set(c.topic, [...(byTopic.get(c.topic) ?? []), c]);
  for (const list of byTopic.values()) linkRelated(list);
  return claims;
}

/** At most this many related claims per claim: the sidebar groups by topic; this list links the closest. */
export const MAX_RELATED = 24;

const dayOf = (c: IndexClaim): number => Date.parse((c.date?.value ?? '0000').padEnd(10, '-01').slice(0, 10)) || 0;

/**
 * Links each claim to claims on the same proposition: among the nearest in time (a window around it in date
 * order, so a topic with thousands of claims stays fast), other stances first (the point is to show them side by
 * side), then the closest.
 */
function linkRelated(same: IndexClaim[]): void {
  const sorted = [...same].sort((a, b) => dayOf(a) - dayOf(b) || (a.id < b.id ? -1 : 1));
  const window = MAX_RELATED * 4;
  sorted.forEach((c, p) => {
    const day = dayOf(c);
    const near: IndexClaim[] = [];
    for (let lo = p - 1, hi = p + 1; near.length < window && (lo >= 0 || hi < sorted.length); ) {
      const left = lo >= 0 ? sorted[lo]! : null;
      const right = hi < sorted.length ? sorted[hi]! : null;
      if (right && (!left || dayOf(right) - day <= day - dayOf(left))) {
        near.push(right);
        hi++;
      } else if (left) {
        near.push(left);
        lo--;
      }
    }
    c.relatedClaimIds = near
      .map((o) => ({ o, key: (o.stance === c.stance ? 1 : 0) * 1e15 + Math.abs(dayOf(o) - day) }))
      .sort((a, b) => a.key - b.key || (a.o.id < b.o.id ? -1 : 1))
      .slice(0, MAX_RELATED)
      .map((x) => x.o.id)
      .sort();
  });
}

function claimsOf(a: AnalysedDoc, table: MatcherTable, topics: Topics, lex: Lexicon, resolver: ClaimantResolver): IndexClaim[] {
  const { doc } = a;
  const contexts = sentenceContexts(a);
  const out: IndexClaim[] = [];
  const who = resolver.forDoc(lex, contexts);
  let lastClaim: IndexClaim | null = null;
  let lastClaimSentence = -2;

  const consumed = new Set<number>();
  for (const s of contexts) {
    if (consumed.has(s.index)) continue;
    const cues = speechCues(s.text, lex);
    // A sentence that is only a quotation right after a claim goes on with that claim.
    if (!cues.length && lastClaim && lastClaimSentence === s.index - 1 && /^[“„"«]/.test(s.text)) {
      lastClaim.end = s.end;
      lastClaim.quote = doc.text.slice(lastClaim.start, lastClaim.end);
      lastClaim.statement = `${lastClaim.statement} ${unquote(s.text)}`;
      lastClaimSentence = s.index;
      continue;
    }
    if (!cues.length) continue;

    const mainCues = cues.filter((c) => c.cls !== 'source' || cues.every((o) => o.cls === 'source'));
    const sources = cues.filter((c) => c.cls === 'source' && !mainCues.includes(c));
    let prev: Claimant | null = null;
    const made: IndexClaim[] = [];
    for (const cue of mainCues) {
      const found = findClaimant(s, cue, table, doc.text, contexts, prev, who, lex, sources);
      if (!found) continue;
      const date = claimDate(s, cue, lex, doc.date);
      let claimant = who.resolve(found, s, cue.at, date?.value ?? null);
      if (sources.length && cue.cls !== 'hearsay') {
        const src = afterCue(s, sources[0]!, table, doc.text);
        if (src) claimant = { ...claimant, text: `${claimant.text} (${sources[0]!.word} ${src.text})` };
      }
      const stance = stanceOf(s.text, cue, lex);
      // One claim per claimant and stance in a sentence ("told ... in emailed remarks").
      if (made.some((c) => c.claimant.text === claimant!.text && c.stance === stance)) continue;
      prev = claimant;
      const about = aboutEntities(s, contexts, table, claimant);
      const claim: IndexClaim = {
        id: claimId(doc.id, s.index, made.length),
        claimant: claimantOf(claimant, table),
        stance,
        statement: statementOf(s.text, cue),
        entityIds: about,
        date,
        docId: doc.id,
        quote: s.text,
        start: s.start,
        end: s.end,
        topic: null,
        relatedClaimIds: [],
      };
      claim.topic = topicOf(claim, s, table, topics, borrowed(s, contexts, claimant));
      made.push(claim);
      who.spoke(s, claimant);
    }
    // A sentence that only names the source of the hearsay above ("This is reported by CNN ...") is no claim of its own.
    if (made.some((c) => c.claimant.entityId !== null || c.claimant.text !== 'unnamed sources') && mainCues.some((c) => c.cls === 'hearsay')) {
      for (const next of contexts.slice(s.index + 1, s.index + 3)) if (/^this is reported by\b/iu.test(next.text)) consumed.add(next.index);
    }
    out.push(...made);
    if (made.length) {
      lastClaim = made[made.length - 1]!;
      lastClaimSentence = s.index;
    }
  }
  return out;
}

function claimantOf(c: Claimant, table: MatcherTable): IndexClaim['claimant'] {
  const id = (e: number): string => table.entities[e]!.id;
  return c.entities ? { entityId: null, text: c.text, entityIds: c.entities.map(id) } : { entityId: c.entity !== null ? id(c.entity) : null, text: c.text };
}

function surface(text: string, m: Mention): string {
  return text.slice(m.start, m.end).replace(/[’']s$/u, '');
}

const RANK: Record<string, number> = { person: 0, organisation: 1, country: 2, place: 2, event: 3, agreement: 3, weapon: 4 };

/** Who made the statement the cue reports. */
function findClaimant(
  s: SentenceCtx,
  cue: Cue,
  table: MatcherTable,
  text: string,
  contexts: SentenceCtx[],
  prev: Claimant | null,
  who: DocResolver,
  lex: Lexicon,
  sources: Cue[],
): Claimant | null {
  if (cue.cls === 'source') return afterCue(s, cue, table, text, false, lex);
  if (cue.word === 'warnings') return afterCue(s, cue, table, text, true);
  if (cue.cls === 'hearsay') {
    // "X is said to ...": the source is in the sentence ("according to a media report"), in one of the next two
    // ("This is reported by CNN citing unnamed insiders"), or it is unnamed.
    if (sources[0]) {
      const src = afterCue(s, sources[0], table, text, true);
      if (src) return src;
    }
    for (const next of contexts.slice(s.index + 1, s.index + 3)) {
      if (next.paragraph !== s.paragraph) break;
      const m = /\b(?:reported by|according to|berichtet)\s+(?:the\s+)?(?:US broadcaster\s+)?([^.]+?)\.?$/iu.exec(next.text);
      if (m) return { entity: bestMention(next.mentions.filter((x) => x.start - next.start >= m.index), table)?.entity ?? null, text: m[1]!.trim() };
    }
    return { entity: null, text: 'unnamed sources' };
  }
  const before = s.text.slice(0, cue.at);
  // Inverted: "..., say critics", "..., writes CNN", "“...,” Ushakov said" (a speech verb whose subject ends the sentence).
  if (/[,”“"»]\s*(?:[–—]\s*)?$/u.test(before) && lex.inverting.test(cue.word) && /^\s*[^,;“„"«]{2,50}?[.!?]?\s*$/u.test(s.text.slice(cue.end))) {
    const after = afterCue(s, cue, table, text);
    if (after) return after;
  }
  if (lex.inversion) {
    const p = s.mentions.find((m) => table.entities[m.entity]!.type === 'person' && m.start - s.start >= cue.end && m.start - s.start - cue.end <= 45 && !/[,„“«]/u.test(s.text.slice(cue.end, m.start - s.start)));
    if (p) return { entity: p.entity, text: surface(text, p) };
  }
  // Subject elided after "but"/"und": the previous claimant of the sentence.
  if (prev && /\b(but|aber|and|und)\s+((has|have|had|hat|haben|also|repeatedly|consistently|categorically|konsequent)\s+)*$/iu.test(before)) return prev;

  // The subject: the stretch before the cue back to a clause boundary, widened until it names someone.
  const quoteEnds = quoteRanges(s.text).filter(([, b]) => b <= cue.at).map(([, b]) => b);
  let hardStart = Math.max(0, ...quoteEnds);
  for (const src of sources) {
    if (src.end <= cue.at) {
      const named = s.mentions.find((m) => m.start - s.start >= src.end);
      hardStart = Math.max(hardStart, named ? named.end - s.start : src.end);
    }
  }
  const boundaries = [...before.matchAll(lex.clause)]
    .map((m) => m.index + m[0].length)
    .filter((b) => b >= hardStart)
    .reverse();
  const windows = [...boundaries, hardStart];
  const isPerson = (m: Mention): boolean => table.entities[m.entity]!.type === 'person';
  const mentionsIn = (from: number): Mention[] => s.mentions.filter((m) => m.start - s.start >= from && m.end - s.start <= cue.at && !m.demonym);
  // A person named in the nearest window that names one ("Burcu Ozcelik, senior fellow ..., informed").
  for (const from of windows) {
    const people = mentionsIn(from).filter(isPerson);
    if (!people.length) continue;
    const person = people[people.length - 1]!;
    const phrase = clean(s.text.slice(from, cue.at));
    if (/\b(administration|government|regierung)$/iu.test(phrase) && phrase.split(/\s+/).length <= 5) return { entity: person.entity, text: phrase };
    return { entity: person.entity, text: surface(text, person) };
  }
  // Otherwise the nearest window naming an entity, then the nearest noun phrase ("Russian officials").
  const phrases: string[] = [];
  for (const from of windows) {
    const phrase = clean(s.text.slice(from, cue.at));
    if (!phrase) continue;
    if (who.isPronoun(phrase)) return who.pronoun(s) ?? prev ?? { entity: null, text: phrase };
    if (APPOSITION.test(phrase) && from !== hardStart) continue;
    phrases.push(phrase);
    const inWindow = mentionsIn(from);
    const lead = inWindow.find((m) => clean(s.text.slice(from, m.start - s.start)) === '');
    const chosen = lead ?? bestMention(inWindow, table);
    if (chosen) return { entity: chosen.entity, text: isNounPhrase(phrase) ? phrase : surface(text, chosen) };
  }
  const np = phrases.find(isNounPhrase);
  if (np) return { entity: null, text: np };
  return afterCue(s, cue, table, text) ?? prev;
}

function isNounPhrase(phrase: string): boolean {
  return /^(?:the |a |an |der |die |das )?\p{Lu}|^(?:the|a|an|der|die|das) /u.test(phrase) && phrase.split(/\s+/).length <= 8;
}

/** A claimant phrase without leading conjunctions, trailing auxiliaries, adverbs and weekday. */
function clean(window: string): string {
  let out = window.replace(LEADING_NOISE, '').trim();
  for (;;) {
    const next = out.replace(DATE_WORDS, '').replace(/\s*\b(has|have|had|is|was|were|hat|haben|repeatedly|consistently|categorically|konsequent|also|did not|does not|not|nicht|in turn)\s*$/iu, '').replace(/[,;:]\s*$/u, '').trim();
    if (next === out) return out;
    out = next;
  }
}

/** The entity or noun phrase right after a cue ("according to Middle East Eye", "say critics"). */
function afterCue(s: SentenceCtx, cue: Cue, table: MatcherTable, text: string, loose = false, lex?: Lexicon): Claimant | null {
  const rest = s.text.slice(cue.end);
  const direct = s.mentions.find((x) => x.start - s.start >= cue.end && /^\s*(?:information from\s+|from\s+)?(?:the\s+|an?\s+)?$/iu.test(s.text.slice(cue.end, x.start - s.start)));
  if (direct && !direct.demonym) return { entity: direct.entity, text: surface(text, direct) };
  const m = /^\s*(?:information from\s+|from\s+)?([^,.;:،“„"«]{2,60}?)(?=\s+(?:last|this|on|that|citing|dass)\b|[,.;:،“„"«]|$)/u.exec(rest);
  if (!m) return null;
  const span = m[0];
  const inSpan = s.mentions.filter((x) => x.start - s.start >= cue.end && x.end - s.start <= cue.end + span.length && !x.demonym);
  const best = bestMention(inSpan, table);
  const phrase = m[1]!.trim().split(/\s+/).slice(0, 6).join(' ');
  if (best) {
    const startsWithIt = s.text.slice(cue.end, best.start - s.start).trim().replace(/^(information from|from|the|an?)\s*/iu, '') === '';
    return { entity: best.entity, text: table.entities[best.entity]!.type === 'person' || startsWithIt ? surface(text, best) : phrase };
  }
  if (/^(critics|experts|analysts|officials|kritiker|experten)\b/iu.test(phrase) || lex?.group?.test(phrase) || (loose && phrase.split(/\s+/).length <= 5)) return { entity: null, text: phrase };
  return null;
}

function bestMention(list: Mention[], table: MatcherTable): Mention | null {
  if (!list.length) return null;
  return [...list].sort((a, b) => RANK[table.entities[a.entity]!.type]! - RANK[table.entities[b.entity]!.type]! || b.start - a.start)[0]!;
}

function stanceOf(sentence: string, cue: Cue, lex: Lexicon): Stance {
  const before = sentence.slice(Math.max(0, cue.at - 16), cue.at);
  if (cue.cls === 'denies') return lex.negated.test(before) ? 'confirms' : 'denies';
  if (cue.cls === 'confirms') return 'confirms';
  if (DISPUTE.test(sentence) || lex.disputeWords?.test(sentence)) return 'disputes';
  // "said the report was false": a denial in other words.
  if (lex.denialWords?.test(sentence)) return 'denies';
  return 'asserts';
}

function unquote(s: string): string {
  return s.replace(/[“”„"«»]/gu, '').trim();
}

/** What was claimed: the quotation, the "that ..." clause, or the sentence. */
function statementOf(sentence: string, cue: Cue): string {
  const quotes = quoteRanges(sentence);
  const clause = /^\s*(?:\w+\s+){0,4}?(?:that|dass|,)\s+(.+)$/iu.exec(sentence.slice(cue.end));
  // Indirect speech with a partial quotation: the whole "that ..." clause is the statement.
  if (clause && quotes.length && quotes.every(([a]) => a >= cue.end) && clause[1]!.split(/\s+/).length >= 6) return clause[1]!.replace(/[.]$/, '');
  if (quotes.length) {
    const q = quotes.map(([a, b]) => sentence.slice(a, b)).join(' … ');
    if (q.length > 30) return unquote(q).replace(/,$/, '');
  }
  const after = sentence.slice(cue.end);
  const that = /^\s*(?:\w+\s+){0,4}?(?:that|dass|,)\s+(.+)$/iu.exec(after);
  if (that && that[1]!.split(/\s+/).length >= 4) return that[1]!.replace(/[.]$/, '');
  return sentence.replace(/[.]$/, '');
}

function claimDate(s: SentenceCtx, cue: Cue, lex: Lexicon, docDate: IndexDate | null): IndexDate | null {
  for (const d of findDates(s.text, lex, docDate?.value ?? null)) {
    if (/^(a|one|the) (day|week) (after|before|later|earlier)$/iu.test(d.text)) continue;
    const near = (d.start >= cue.end && d.start - cue.end <= 70 && !/\b(that|dass)\b/iu.test(s.text.slice(cue.end, d.start))) || (d.end <= cue.at && cue.at - d.end <= 60);
    if (near) return { value: d.value, basis: d.basis };
  }
  // Otherwise the claim is as of the article that reports it (when that has a date).
  if (!docDate) return null;
  return { value: docDate.value, basis: docDate.basis === 'text' ? 'inferred' : docDate.basis };
}

/** The sentence before, when a claim leans on it ("The 2 countries reject ...", or a sentence naming no one else). */
function borrowed(s: SentenceCtx, contexts: SentenceCtx[], claimant: Claimant): SentenceCtx | null {
  const others = s.mentions.filter((m) => m.entity !== claimant.entity);
  if (s.index === 0 || (others.length && !claimant.entities)) return null;
  const prev = contexts[s.index - 1]!;
  return prev.paragraph === s.paragraph || claimant.entities ? prev : null;
}

/** The entities a claim is about: named in its sentence, or in the one before when it leans on it. */
function aboutEntities(s: SentenceCtx, contexts: SentenceCtx[], table: MatcherTable, claimant: Claimant): string[] {
  const context = borrowed(s, contexts, claimant);
  const mentions = context ? [...context.mentions, ...s.mentions] : s.mentions;
  const ids = entityIdsOf(table, mentions);
  for (const e of claimant.entities ?? (claimant.entity !== null ? [claimant.entity] : [])) {
    const id = table.entities[e]!.id;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

function topicOf(claim: IndexClaim, s: SentenceCtx, table: MatcherTable, topics: Topics, context: SentenceCtx | null): string | null {
  const words = tokenize(`${claim.statement} ${s.text} ${context?.text ?? ''}`);
  const sides = new Set<string>();
  const byId = new Map(table.entities.map((e) => [e.id, e]));
  for (const id of claim.entityIds) sides.add(byId.get(id)?.side ?? 'other');
  for (const m of [...s.mentions, ...(context?.mentions ?? [])]) sides.add(table.entities[m.entity]!.side);
  for (const t of topics.topics) {
    if (t.sides && !t.sides.every((side) => sides.has(side))) continue;
    if (t.entities && !t.entities.some((id) => claim.entityIds.includes(id) || claim.claimant.entityId === id)) continue;
    const keys = t.keywords.map(normalize);
    if (!words.some((w) => keys.some((k) => w === k || (k.length >= 5 && w.startsWith(k))))) continue;
    const date = claim.date?.value ?? '';
    if (t.dateFrom && date.slice(0, t.dateFrom.length) < t.dateFrom) continue;
    if (t.dateTo && date.slice(0, t.dateTo.length) > t.dateTo) continue;
    return t.id;
  }
  return null;
}
