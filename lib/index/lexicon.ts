/**
 * Cue lexicons, one data file per language (data/lexicon/<lang>.json): the words that report a statement (by
 * stance), the words that report a happening (by event kind), negations, clause boundaries, month names and the
 * chrono-node parser for that language. Adding a language is adding a file. Entries are regular-expression
 * fragments, matched case-insensitively between letter boundaries (JavaScript's `\b` knows only ASCII letters,
 * so it cannot bound "заявил" or "گفت").
 */
import type { ResolveLexicon } from './resolve';
import { IndexInputError } from './validate';

export type SpeechClass = 'hearsay' | 'source' | 'denies' | 'confirms' | 'asserts';
export const SPEECH_CLASSES: SpeechClass[] = ['hearsay', 'source', 'denies', 'confirms', 'asserts'];
export const EVENT_KINDS = ['summit', 'exercise', 'signing', 'invasion', 'attack', 'delivery', 'meeting', 'visit', 'announcement', 'sanctions'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** One data/lexicon/<lang>.json as written. */
export interface LexiconFile {
  lang: string;
  note?: string;
  /** chrono-node locale parser for this language, or null when there is none. */
  chrono: string | null;
  speech: Record<SpeechClass, string[]>;
  /** Speech verbs that may come before their subject ("..., say critics"). */
  inverting: string[];
  /** The subject may follow the verb ("sagte Putin", "заявил Песков", "dijo Araghchi"). */
  inversion?: boolean;
  negation: string[];
  /** Words that open a clause: the claimant is not looked for across them. */
  clause: string[];
  events: Partial<Record<EventKind, string[]>>;
  notEvent: string[];
  /** Prepositions that put a place before its name ("in Tehran", "à Moscou", "в Москве"). */
  placeBefore: string[];
  /** Month names, January first, each with its forms; used for "MONTH YEAR" that chrono misses. */
  months: string[][];
  monthYearBefore?: string[];
  /** A statement to the press is itself a happening ("told reporters on Monday"). */
  briefing?: string[];
  /** An event going on as the article is written ("the summit that's happening in Kazan"): dated by its month. */
  ongoing?: string[];
  /** "During a meeting ...": the meeting is dated by the sentences before it in the paragraph. */
  during?: string[];
  /** "The same day": a happening dated by the sentences before it in the paragraph. */
  sameDay?: string[];
  /** Words that make a statement a denial ("the report was false", "des affabulations", "ساختگی"). */
  denialWords?: string[];
  /** Words that make a statement dispute a claim rather than assert it ("a limited number", "before the war"). */
  disputeWords?: string[];
  /** Plural nouns that are claimants without a name ("officials", "des responsables", "funcionarios"). */
  groups?: string[];
  /** Claimant resolution: articles before an office title, pronouns, "the two countries" (lib/index/resolve.ts). */
  resolve?: ResolveLexicon;
}

/** A lexicon compiled to regular expressions. */
export interface Lexicon {
  lang: string;
  chrono: string | null;
  /** Every speech cue, one named group per class. */
  speech: RegExp;
  inverting: RegExp;
  inversion: boolean;
  /** Matches a negation right before a cue (test on the text before it). */
  negated: RegExp;
  /** Clause boundaries in the text before a cue. */
  clause: RegExp;
  triggers: Array<[EventKind, RegExp]>;
  notEvent: RegExp | null;
  placeBefore: RegExp;
  /** "MONTH YEAR": group 1 the month word, group 2 the year. */
  monthYear: RegExp | null;
  monthIndex: (word: string) => number;
  briefing: RegExp | null;
  ongoing: RegExp | null;
  during: RegExp | null;
  sameDay: RegExp | null;
  denialWords: RegExp | null;
  disputeWords: RegExp | null;
  /** A claimant phrase that is a group without a name, after an optional article or determiner. */
  group: RegExp | null;
  /** "MONTH" after a preposition, without a year: group 1 the month word. */
  monthAlone: RegExp | null;
  resolve: ResolveLexicon;
}

const L = '\\p{L}\\p{M}\\p{N}_';
/** Letters may be joined by a zero-width non-joiner, a space or nothing in Persian: accept each. */
const fragment = (f: string): string => f.replace(/[\u200c ]/g, (c) => (c === ' ' ? '[\\s\\u200c]+' : '[\\u200c ]?'));
const alternation = (list: string[]): string => list.map(fragment).join('|');
const bounded = (list: string[]): string => `(?<![${L}])(?:${alternation(list)})(?![${L}])`;
const never = /(?!)/u;

function regex(source: string, flags: string, file: string, what: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw new IndexInputError(file, `${what}: not a valid pattern (${(e as Error).message})`);
  }
}

/** Compiles one lexicon file, naming the file and field at fault. */
export function compileLexicon(raw: string, file: string): Lexicon {
  let data: LexiconFile;
  try {
    data = JSON.parse(raw) as LexiconFile;
  } catch (e) {
    throw new IndexInputError(file, `not valid JSON (${(e as Error).message})`);
  }
  if (!data || typeof data.lang !== 'string' || !/^[a-z]{2}$/.test(data.lang)) throw new IndexInputError(file, '"lang" must be a two-letter language code');
  if (!data.speech || !SPEECH_CLASSES.every((c) => Array.isArray(data.speech[c]))) {
    throw new IndexInputError(file, `"speech" needs the lists ${SPEECH_CLASSES.join(', ')}`);
  }
  for (const k of ['inverting', 'negation', 'clause', 'notEvent', 'placeBefore', 'months'] as const) {
    if (!Array.isArray(data[k])) throw new IndexInputError(file, `"${k}" must be a list`);
  }
  const speechSource = SPEECH_CLASSES.filter((c) => data.speech[c].length)
    .map((c) => `(?<${c}>${bounded(data.speech[c])})`)
    .join('|');
  const months = data.months;
  const monthWords = months.flat();
  const monthRes = months.map((forms, i) => regex(`^(?:${alternation(forms)})$`, 'iu', file, `months[${i}]`));
  const before = data.monthYearBefore ?? [];
  return {
    lang: data.lang,
    chrono: data.chrono ?? null,
    speech: regex(speechSource || '(?!)', 'giu', file, 'speech'),
    inverting: data.inverting.length ? regex(`^(?:${alternation(data.inverting)})$`, 'iu', file, 'inverting') : never,
    inversion: data.inversion === true,
    negated: data.negation.length ? regex(`(?<![${L}])(?:${alternation(data.negation)})\\s+([${L}]+\\s+)?$`, 'iu', file, 'negation') : never,
    clause: regex(`,|;|،|؛|\\s[–—]\\s${data.clause.length ? `|${bounded(data.clause)}` : ''}`, 'giu', file, 'clause'),
    triggers: EVENT_KINDS.filter((k) => data.events?.[k]?.length).map((k) => [k, regex(bounded(data.events[k]!), 'giu', file, `events.${k}`)]),
    notEvent: data.notEvent.length ? regex(bounded(data.notEvent), 'iu', file, 'notEvent') : null,
    placeBefore: regex(`(?<![${L}])(?:${alternation(data.placeBefore)})\\s+(?:the\\s+)?$`, 'iu', file, 'placeBefore'),
    monthYear: monthWords.length
      ? regex(`(?<![${L}])(?:(?:${alternation(before)})\\s+)?(${alternation(monthWords)})(?:\\s+de)?\\s+((?:19|20)\\d{2})(?![${L}])`, 'giu', file, 'months')
      : null,
    monthIndex: (word) => monthRes.findIndex((re) => re.test(word)),
    briefing: data.briefing?.length ? regex(bounded(data.briefing), 'iu', file, 'briefing') : null,
    ongoing: data.ongoing?.length ? regex(bounded(data.ongoing), 'iu', file, 'ongoing') : null,
    during: data.during?.length ? regex(bounded(data.during), 'iu', file, 'during') : null,
    sameDay: data.sameDay?.length ? regex(bounded(data.sameDay), 'iu', file, 'sameDay') : null,
    denialWords: data.denialWords?.length ? regex(bounded(data.denialWords), 'iu', file, 'denialWords') : null,
    disputeWords: data.disputeWords?.length ? regex(bounded(data.disputeWords), 'iu', file, 'disputeWords') : null,
    group: data.groups?.length ? regex(`^(?:[${L}]{1,5}\\s+)?(?:${alternation(data.groups)})(?![${L}])`, 'iu', file, 'groups') : null,
    monthAlone:
      monthWords.length && before.length
        ? regex(`(?<![${L}])(?:${alternation(before)})\\s+(${alternation(monthWords)})(?![${L}])(?!\\s+(?:de\\s+)?\\d)`, 'giu', file, 'months')
        : null,
    resolve: { articles: data.resolve?.articles ?? [], pronouns: data.resolve?.pronouns ?? [], bothStates: data.resolve?.bothStates ?? [] },
  };
}

/** The compiled lexicons by language. Two files for one language are an error naming both. */
export function compileLexicons(files: Record<string, string>): Map<string, Lexicon> {
  const out = new Map<string, Lexicon>();
  const from = new Map<string, string>();
  for (const name of Object.keys(files).sort()) {
    const lex = compileLexicon(files[name]!, name);
    if (out.has(lex.lang)) throw new IndexInputError(name, `a second lexicon for "${lex.lang}" (the first is ${from.get(lex.lang)})`);
    out.set(lex.lang, lex);
    from.set(lex.lang, name);
  }
  return out;
}

/** The lexicon for `lang`; a language without one gets an empty lexicon (no cues), never another language's. */
export function lexiconFor(lexicons: Map<string, Lexicon>, lang: string): Lexicon {
  const found = lexicons.get(lang);
  if (found) return found;
  const empty = compileLexicon(JSON.stringify({ lang, chrono: null, speech: { hearsay: [], source: [], denies: [], confirms: [], asserts: [] }, inverting: [], negation: [], clause: [], events: {}, notEvent: [], placeBefore: [], months: [] }), `${lang}.json`);
  lexicons.set(lang, empty);
  return empty;
}
