/**
 * Event titles that say what happened: "Putin travels to Tehran for a trilateral meeting with Erdoğan and Raisi",
 * not "Visit: Russia, Iran, ...". Rule-based over the source sentence, its gazetteer mentions and the event's cue
 * words: no parser, no service.
 *
 * - English sentences: the clause around the cue verb gives subject, verb and object in the sentence's own words;
 *   people are named by the gazetteer's short name ("Mr Erdogan", "Turkish President Recep Tayyip Erdogan" →
 *   "Erdoğan"), dates and attributions ("..., the White House said") are left out, and the verb is put in the
 *   headline present ("visited" → "visits", "would travel" → "to travel").
 * - Otherwise (no cue verb with a subject, German word order, other languages): a sentence from the event's kind
 *   and its participants ("Schoigu trifft Bagheri", "Russia supplies drones to the Houthis").
 *
 * The title is in the source's language (English or German); sources in other languages get the English
 * participants sentence (see README, "How it is built").
 */
import type { MatcherTable } from '../match/types';
import type { SentenceCtx } from './context';

/** The entity facts a title needs (a matcher table entity, or an index entity). */
export interface TitleEntity {
  id: string;
  name: string;
  type: string;
  side?: string;
  /** An outlet (news organisation): credited, never a party to an event. */
  outlet?: boolean;
  /** Display names per language (`data/gazetteer.json` `names`), e.g. `{ de: 'Wladimir Putin' }`. */
  names?: Partial<Record<string, string>>;
}

export interface TitleMention {
  entity: TitleEntity;
  /** Offsets in the sentence. */
  start: number;
  end: number;
  demonym: boolean;
}

export interface TitleInput {
  sentence: string;
  mentions: TitleMention[];
  /** The event kind (meeting, visit, summit, delivery, exercise, signing, invasion, attack, announcement, sanctions). */
  kind: string;
  /** The source's language (ISO 639-1). */
  lang: string;
  /** The cue words found in the sentence (offsets in the sentence), any kind. */
  cues?: Array<{ kind: string; at: number; word: string }>;
  /** The event's participants and place, for the sentence built from the kind. */
  participants?: TitleEntity[];
  place?: TitleEntity | null;
  /** For an announcement: the kind of what is announced. */
  of?: string | undefined;
}

export type TitleLang = 'en' | 'de';

/** The language a title is written in: the source's, when there is a grammar for it; else English. */
export function titleLang(lang: string): TitleLang {
  return lang === 'de' ? 'de' : 'en';
}

/** The entity's name in `lang` (its `names[lang]`, else its canonical name), without a parenthetical. */
export function nameIn(e: TitleEntity, lang: string): string {
  return (e.names?.[lang] ?? e.name).replace(/\s*\([^)]*\)\s*/g, ' ').trim();
}

/** How a title names an entity: a person by the last word of the name ("Putin", "Erdoğan", "Amir-Abdollahian"). */
export function shortName(e: TitleEntity, lang: string): string {
  const full = nameIn(e, lang);
  if (e.type !== 'person') return full;
  const words = full.split(/\s+/);
  return words[words.length - 1]!;
}

/**
 * The title of an event reported by `input.sentence`.
 *
 * @example
 * eventTitle({ sentence: 'Mr Putin met Mr Erdogan in Tehran on Tuesday.', mentions, kind: 'meeting', lang: 'en', cues })
 * // => 'Putin meets Erdoğan in Tehran'
 */
export function eventTitle(input: TitleInput): string {
  const lang = titleLang(input.lang);
  const fromSentence = input.lang === 'en' ? englishClause(input) : null;
  return capitalise(fromSentence ?? fromKind(input, lang));
}

/** `eventTitle` for a sentence of the index build (mentions with document offsets, entities by table index). */
export function titleOf(
  s: SentenceCtx,
  table: MatcherTable,
  e: { kind: string; lang: string; cues: TitleInput['cues']; participants: number[]; place: number | null; of?: string | undefined },
): string {
  return eventTitle({
    sentence: s.text,
    mentions: s.mentions.map((m) => ({ entity: table.entities[m.entity]!, start: m.start - s.start, end: m.end - s.start, demonym: m.demonym })),
    kind: e.kind,
    lang: e.lang,
    cues: e.cues ?? [],
    participants: e.participants.map((i) => table.entities[i]!),
    place: e.place === null ? null : table.entities[e.place]!,
    of: e.of,
  });
}

// ---- English: subject, verb and object from the sentence.

interface Verb {
  /** Base form ("meet") and third person singular ("meets"). */
  base: string;
  third: string;
  /** Words after the verb that the title leaves out ("met with Erdogan" → "meets Erdoğan"). */
  drop?: RegExp;
}

const v = (base: string, third: string, drop?: RegExp): Verb => (drop ? { base, third, drop } : { base, third });
const WITH = /^with\s+/iu;

/** Finite forms that are always verbs. */
const PAST: Record<string, Verb> = {
  met: v('meet', 'meets', WITH),
  visited: v('visit', 'visits'),
  travelled: v('travel', 'travels'),
  traveled: v('travel', 'travels'),
  arrived: v('arrive', 'arrives'),
  hosted: v('host', 'hosts'),
  signed: v('sign', 'signs'),
  supplied: v('supply', 'supplies'),
  delivered: v('deliver', 'delivers'),
  shipped: v('ship', 'ships'),
  provided: v('provide', 'provides'),
  attacked: v('attack', 'attacks'),
  bombed: v('bomb', 'bombs'),
  invaded: v('invade', 'invades'),
  annexed: v('annex', 'annexes'),
  announced: v('announce', 'announces'),
  reimposed: v('reimpose', 'reimposes'),
  sanctioned: v('sanction', 'sanctions'),
  imposed: v('impose', 'imposes'),
  reached: v('reach', 'reaches'),
  arranged: v('arrange', 'arranges'),
};
/** Present forms: verbs after a modal ("would travel") or right after a named subject ("Putin talks to ..."). */
const PRESENT: Record<string, Verb> = {
  meet: PAST.met!,
  meets: PAST.met!,
  visit: PAST.visited!,
  visits: PAST.visited!,
  travel: PAST.travelled!,
  travels: PAST.travelled!,
  arrives: PAST.arrived!,
  hosts: PAST.hosted!,
  sign: PAST.signed!,
  signs: PAST.signed!,
  supply: PAST.supplied!,
  deliver: PAST.delivered!,
  attack: PAST.attacked!,
  invade: PAST.invaded!,
  talks: v('talk', 'talks'),
  'shakes hands': v('meet', 'meets', WITH),
  'trembles hands': v('meet', 'meets', WITH),
  'consults with': v('consult', 'consults'),
};
const MODAL = /\b(would|will|to|plans to|is to|are to|is set to|are set to|is expected to)\s+$/iu;
/** A negated act ("would not attack") is no title's verb. */
const NEGATED = /\b(not|never|no longer)\s+$/iu;
const AUX = /\b(has|have|had|reportedly|also|later|then|recently|already|finally)\s+$/iu;
const PASSIVE = /\b(be|been|being|was|were|is|are)\s+$/iu;
/** Where a clause begins, looking back from the verb. */
const CLAUSE_START = /[,;:–—]\s+|\b(that|when|after|before|as|while|because|since|although|if|until|so)\s+/giu;

function clauseStart(head: string): number {
  let at = 0;
  for (const m of head.matchAll(CLAUSE_START)) at = m.index + m[0].length;
  return at;
}
/** Where an object ends. */
const OBJECT_STOP =
  /[,;:(]|\s[–—]\s|\s(which|who|whom|that|when|while|because|amid|after|before|although|since|where|but|as well as|according to|in order|throughout|during)\b|\s(on|in|at|by|during|since|until|from|this|last|next|early|late|mid)\s+(the\s+)?(beginning|end|(early|late|mid)\b|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|\d|week|month|year|weekend|morning|evening|night)|\s(today|yesterday|tomorrow|within hours|last week|last month|last year|this week|this month|this year|earlier|later|five months ago|ago)\b|\.\s*$/iu;
/** Date words skipped between an object and its continuation ("on June 8 and July 5 to inspect ..."). */
const TIME_WORD =
  /^(on|in|at|and|the|of|by|during|early|late|mid|beginning|end|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|\d{1,4}(st|nd|rd|th)?|last|this|next|week|month|year|today|yesterday|tomorrow|within|hours|,)$/iu;
/** Words before a person's name that a title leaves out (titles, offices, nationality, "Mr"). */
const FUNCTION_WORD = /^(and|or|with|to|for|by|of|at|in|on|from|that|as|between|against|among)$/iu;
const DETERMINER = /^(the|a|an)$/iu;

function englishClause(input: TitleInput): string | null {
  const text = input.sentence;
  const verbs = findVerbs(input);
  for (const verb of verbs) {
    const before = text.slice(0, verb.at);
    // A passive ("were delivered", "to be supplied") puts the doer elsewhere: the kind's sentence says it better.
    if (PASSIVE.test(before) || NEGATED.test(before)) continue;
    const modal = MODAL.exec(before);
    let subjectEnd = modal ? modal.index : before.length;
    const aux = AUX.exec(text.slice(0, subjectEnd));
    if (aux) subjectEnd = aux.index;
    // "is said to have arranged", "reportedly": the title states the reported act.
    const said = /\b(is|are|was|were) (said|reported|believed|thought|alleged) to( have)?\s*$/iu.exec(text.slice(0, subjectEnd + (modal ? modal[0].length : 0)));
    if (said) subjectEnd = said.index;
    const head = text.slice(0, subjectEnd);
    const subjectStart = clauseStart(head);
    const subject = phrase(input, subjectStart, subjectEnd);
    if (!subject || subject.words > 7 || !subject.named) continue;
    const object = objectAfter(input, verb.end, verb.verb);
    const plural = subject.plural;
    const form = said ? `reportedly ${plural ? verb.verb.base : verb.verb.third}` : modal ? `to ${verb.verb.base}` : plural ? verb.verb.base : verb.verb.third;
    return [subject.text, form, object].filter(Boolean).join(' ');
  }
  return null;
}

interface FoundVerb {
  at: number;
  end: number;
  verb: Verb;
}

/** Cue verbs in the sentence, the event's own kind first, outside an attribution. */
function findVerbs(input: TitleInput): FoundVerb[] {
  const text = input.sentence;
  const out: Array<FoundVerb & { rank: number }> = [];
  const re = /\b(shakes hands|trembles hands|consults with|[\p{L}]+)\b/giu;
  for (const m of text.matchAll(re)) {
    const word = m[0].toLowerCase();
    const before = text.slice(0, m.index);
    let verb = PAST[word];
    if (!verb && PRESENT[word]) {
      // A present form is a verb after a modal, or right after a name ("Putin talks to ...").
      const afterName = input.mentions.some((x) => x.end <= m.index && /^\s+$/u.test(text.slice(x.end, m.index)) && !x.demonym);
      if (MODAL.test(before) || (afterName && !/^talks$/iu.test(word)) || (afterName && /^talks\s+(to|with)\b/iu.test(text.slice(m.index)))) verb = PRESENT[word];
    }
    if (!verb) continue;
    const cue = input.cues?.find((c) => c.at === m.index);
    const own = cue?.kind === input.kind || (input.kind === 'announcement' && cue !== undefined);
    // The announcing verb of an announcement is not the act: "... said that Putin would meet ..." is about meeting.
    const rank = own ? 0 : cue ? 1 : 2;
    if (word === 'announced' && input.kind !== 'announcement') continue;
    out.push({ at: m.index, end: m.index + m[0].length, verb, rank });
  }
  return out.sort((a, b) => a.rank - b.rank || a.at - b.at);
}

interface Phrase {
  text: string;
  words: number;
  /** Whether it names something of the gazetteer (a name, or a demonym: "A Russian delegation"). */
  named: boolean;
  plural: boolean;
}

/** The words of `[from, to)` with people named by their short names and the descriptors before them left out. */
function phrase(input: TitleInput, from: number, to: number): Phrase | null {
  const text = input.sentence;
  const inside = input.mentions.filter((m) => m.start >= from && m.end <= to);
  // "Iran’s hardline President Ebrahim Raisi" → "Raisi": the words before a person's name, back to a function word.
  const dropped: Array<[number, number]> = [];
  for (const m of inside) if (m.entity.type === 'person' && !m.demonym) dropped.push([descriptorStart(text, from, m.start), m.start]);
  const isDropped = (a: number, b: number): boolean => dropped.some(([x, y]) => a >= x && b <= y);
  let out = '';
  let at = from;
  const copy = (a: number, b: number): void => {
    for (let i = a; i < b; i++) if (!isDropped(i, i + 1)) out += text[i];
  };
  for (const m of inside) {
    if (m.start < at) continue;
    copy(at, m.start);
    at = m.end;
    if (isDropped(m.start, m.end)) continue;
    const surface = text.slice(m.start, m.end);
    if (m.entity.type === 'person' && !m.demonym) {
      const possessive = /['’]s$/u.exec(surface)?.[0] ?? '';
      out += shortName(m.entity, 'en') + possessive;
    } else out += surface;
  }
  copy(at, to);
  const clean = out.replace(/\s+/g, ' ').replace(/^[\s,;:–—-]+|[\s,;:–—-]+$/g, '');
  if (!clean) return null;
  const words = clean.split(' ');
  const last = words[words.length - 1]!;
  const lastMention = inside[inside.length - 1];
  const endsInName = lastMention !== undefined && /^\s*$/u.test(text.slice(lastMention.end, to));
  const singularName = endsInName && (lastMention.entity.type === 'country' || lastMention.entity.type === 'place' || lastMention.entity.type === 'person');
  const plural = /\band\b/iu.test(clean) || (!singularName && /[^s'’]s$/u.test(last) && !/^(is|was|has|this|its|his)$/iu.test(last));
  return { text: clean, words: words.length, named: inside.some((m) => !isDropped(m.start, m.end)), plural };
}

/** Where the descriptors before a person's name begin: back over words to a function word, comma or `from`. */
function descriptorStart(text: string, from: number, at: number): number {
  let start = at;
  const before = text.slice(from, at);
  const words = [...before.matchAll(/\S+/gu)];
  for (let k = words.length - 1; k >= 0; k--) {
    const w = words[k]![0];
    if (FUNCTION_WORD.test(w) || /[,;:]$/u.test(w)) break;
    start = from + words[k]!.index;
    // "the Turkish President Erdogan": the article goes with the descriptor.
    if (DETERMINER.test(w)) break;
  }
  return start;
}

/** The object after the verb: up to a clause or date boundary, plus a purpose or "for" phrase after a date. */
function objectAfter(input: TitleInput, from: number, verb: Verb): string {
  const text = input.sentence;
  let start = from;
  const rest = text.slice(start);
  const drop = verb.drop?.exec(rest.trimStart());
  if (drop) start += rest.length - rest.trimStart().length + drop[0].length;
  const stop = OBJECT_STOP.exec(text.slice(start));
  let end = stop ? start + stop.index : text.length;
  let object = phrase(input, start, end)?.text ?? '';
  // Skip a date ("on June 8 and July 5") to a continuation: "to inspect the drones", "for talks with ...".
  const tokens = text.slice(end).split(/(?=[\s,])/);
  let skipped = 0;
  let k = 0;
  while (k < tokens.length && TIME_WORD.test(tokens[k]!.trim() || 'and')) skipped += tokens[k++]!.length;
  const next = text.slice(end + skipped);
  if (skipped && /^\s*(to|for)\s+\p{Ll}/u.test(next)) {
    const from2 = end + skipped;
    const stop2 = OBJECT_STOP.exec(text.slice(from2));
    end = stop2 ? from2 + stop2.index : text.length;
    const more = phrase(input, from2, end)?.text ?? '';
    object = [object, more].filter(Boolean).join(' ');
  }
  return trimWords(object, 14);
}

/** At most `n` words, never ending on a function word or article. */
function trimWords(s: string, n: number): string {
  const words = s.split(' ').filter(Boolean);
  const cut = words.length > n;
  words.length = Math.min(words.length, n);
  // A cut infinitive ("... of a deal to ensure") says nothing: leave it out.
  const to = words.findLastIndex((w) => /^to$/iu.test(w));
  if (cut && to > 1 && words.length - to <= 5) words.length = to;
  while (words.length && (FUNCTION_WORD.test(words[words.length - 1]!) || DETERMINER.test(words[words.length - 1]!))) words.pop();
  return words.join(' ').replace(/[.,;:]+$/u, '');
}

// ---- From the kind and the participants (German, other languages, and English without a usable clause).

interface Phrasebook {
  list: (names: string[]) => string;
  /** A sentence per kind: doers (a), others (b), weapons (w), agreement (g), event (e), place (p). */
  kind: Record<string, (x: Parts) => string>;
  /** Something took place, no doer named: "The Russia–Iran joint naval drills take place in the Caspian Sea". */
  happens: (what: string, p: string) => string;
  /** A report of another kind: "Amir-Abdollahian speaks of a delivery", "Iran is named in a report of a meeting". */
  speaksOf: (a: string, plural: boolean, what: string) => string;
  namedIn: (a: string, plural: boolean, what: string) => string;
  /** The kind as a noun, with its article (German: accusative), and as a subject (nominative). */
  noun: Record<string, string>;
  subject: Record<string, string>;
  unnamed: string;
}

interface Parts {
  a: string;
  b: string;
  /** Whether b names people. */
  bPeople: boolean;
  w: string;
  g: string;
  e: string;
  /** " in Tehran" / " in Teheran" or "". */
  p: string;
  place: string;
  plural: boolean;
}

const list = (and: string) => (names: string[]): string => (names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${and} ${names[names.length - 1]}`);
const pick = (plural: boolean, many: string, one: string): string => (plural ? many : one);

const EN: Phrasebook = {
  list: list('and'),
  unnamed: 'Officials',
  kind: {
    meeting: (x) => (x.b ? `${x.a} ${pick(x.plural, 'meet', 'meets')} ${x.bPeople ? '' : 'with '}${x.b}${x.p}` : `${x.a} ${pick(x.plural, 'hold', 'holds')} talks${x.p}`),
    visit: (x) => `${x.a} ${pick(x.plural, 'visit', 'visits')} ${x.place || x.b || 'abroad'}`,
    summit: (x) => `${x.a} ${pick(x.plural, 'attend', 'attends')} ${x.e ? `the ${x.e}` : `a summit${x.p}`}`,
    delivery: (x) => `${x.a} ${pick(x.plural, 'supply', 'supplies')} ${x.w || 'arms'}${x.b ? ` to ${x.b}` : ''}`,
    exercise: (x) => `${x.a} ${pick(x.plural, 'hold', 'holds')} ${x.e ? `the ${x.e}` : 'a military exercise'}${x.p}`,
    signing: (x) => `${x.a} ${pick(x.plural, 'sign', 'signs')} ${x.g || 'an agreement'}${x.b && !x.g ? ` with ${x.b}` : ''}`,
    invasion: (x) => (x.b ? `${x.a} ${pick(x.plural, 'invade', 'invades')} ${x.b}` : x.e ? `${x.a} ${pick(x.plural, 'launch', 'launches')} the ${x.e}` : `${x.a} ${pick(x.plural, 'launch', 'launches')} an invasion`),
    attack: (x) => (x.b ? `${x.a} ${pick(x.plural, 'attack', 'attacks')} ${x.b}` : `${x.a} ${pick(x.plural, 'carry', 'carries')} out an attack${x.p}`),
    sanctions: (x) => `${x.a} ${pick(x.plural, 'impose', 'imposes')} sanctions${x.b ? ` on ${x.b}` : ''}`,
    announcement: (x) => `${x.a} ${pick(x.plural, 'make', 'makes')} an announcement${x.p}`,
  },
  happens: (what, p) => `${what} ${/s$/u.test(what) ? 'take' : 'takes'} place${p}`,
  speaksOf: (a, plural, what) => `${a} ${pick(plural, 'speak', 'speaks')} of ${what}`,
  namedIn: (a, plural, what) => `${a} ${pick(plural, 'are', 'is')} named in a report of ${what}`,
  noun: { meeting: 'a meeting', visit: 'a visit', summit: 'a summit', delivery: 'a delivery', exercise: 'a military exercise', signing: 'an agreement', invasion: 'an invasion', attack: 'an attack', sanctions: 'sanctions' },
  subject: {},
};

const DE: Phrasebook = {
  list: list('und'),
  unnamed: 'Offizielle',
  kind: {
    meeting: (x) => (x.b ? `${x.a} ${pick(x.plural, 'treffen', 'trifft')} ${x.bPeople ? '' : 'Vertreter von '}${x.b}${x.p}` : `${x.a} ${pick(x.plural, 'führen', 'führt')} Gespräche${x.p}`),
    visit: (x) => `${x.a} ${pick(x.plural, 'besuchen', 'besucht')} ${x.place || x.b || 'das Ausland'}`,
    summit: (x) => `${x.a} ${pick(x.plural, 'nehmen', 'nimmt')} an einem Gipfel${x.p} teil`,
    delivery: (x) => `${x.a} ${pick(x.plural, 'liefern', 'liefert')} ${x.w || 'Waffen'}${x.b ? ` an ${x.b}` : ''}`,
    exercise: (x) => `${x.a} ${pick(x.plural, 'halten', 'hält')} ein Militärmanöver${x.p} ab`,
    signing: (x) => `${x.a} ${pick(x.plural, 'unterzeichnen', 'unterzeichnet')} ${x.g || 'ein Abkommen'}${x.b && !x.g ? ` mit ${x.b}` : ''}`,
    invasion: (x) => (x.b ? `${x.a} ${pick(x.plural, 'marschieren', 'marschiert')} in ${x.b} ein` : `${x.a} ${pick(x.plural, 'beginnen', 'beginnt')} eine Invasion`),
    attack: (x) => (x.b ? `${x.a} ${pick(x.plural, 'greifen', 'greift')} ${x.b} an` : `${x.a} ${pick(x.plural, 'verüben', 'verübt')} einen Angriff${x.p}`),
    sanctions: (x) => `${x.a} ${pick(x.plural, 'verhängen', 'verhängt')} Sanktionen${x.b ? ` gegen ${x.b}` : ''}`,
    announcement: (x) => `${x.a} ${pick(x.plural, 'machen', 'macht')} eine Ankündigung${x.p}`,
  },
  happens: (what, p) => `${what} ${p ? `${p.trim()} ` : ''}findet statt`,
  speaksOf: (a, plural, what) => `${a} ${pick(plural, 'sprechen', 'spricht')} über ${what}`,
  namedIn: (a, plural, what) => `${a} ${pick(plural, 'werden', 'wird')} in einer Meldung über ${what} genannt`,
  noun: { meeting: 'ein Treffen', visit: 'einen Besuch', summit: 'einen Gipfel', delivery: 'eine Lieferung', exercise: 'ein Militärmanöver', signing: 'ein Abkommen', invasion: 'eine Invasion', attack: 'einen Angriff', sanctions: 'Sanktionen' },
  subject: { visit: 'ein Besuch', summit: 'ein Gipfel', attack: 'ein Angriff' },
};

/** Names a place in running English: "the Caspian Sea", "the Middle East"; German names stand alone. */
function placeName(e: TitleEntity, lang: TitleLang): string {
  const n = shortName(e, lang);
  return lang === 'en' && e.type === 'place' && /\b(Sea|East|Strip|Caucasus|Corridor|Asia)$/u.test(n) && !/^Central Asia$/u.test(n) ? `the ${n}` : n;
}

function fromKind(input: TitleInput, lang: TitleLang): string {
  const book = lang === 'de' ? DE : EN;
  const place = input.place ?? null;
  const seen = new Set<string>();
  const all = (input.participants ?? input.mentions.filter((m) => !m.demonym).map((m) => m.entity)).filter(
    (e) => e.id !== place?.id && !e.outlet && !seen.has(e.id) && seen.add(e.id),
  );
  const name = (e: TitleEntity): string => placeName(e, lang);
  const people = all.filter((e) => e.type === 'person');
  const orgs = all.filter((e) => e.type === 'organisation');
  const countries = all.filter((e) => e.type === 'country');
  // Who acts: the people named; else the organisations; else the countries.
  const doers = (people.length ? people : orgs.length ? orgs : countries).slice(0, 3);
  const side = doers[0]?.side;
  // The others: not the doers, nor the doers' own country ("Putin invades Ukraine", not "... Ukraine and Russia").
  const others = [...people, ...orgs, ...countries].filter((e) => !doers.includes(e) && (side === undefined || side === 'other' || e.side !== side || e.type === 'person')).slice(0, 2);
  const weapons = all.filter((e) => e.type === 'weapon').slice(0, 2);
  const agreement = all.find((e) => e.type === 'agreement');
  const event = all.find((e) => e.type === 'event');
  const where = place ? name(place) : '';
  const p = where ? ` in ${where}` : '';
  const plural = doers.length !== 1 || /[^s]s$/u.test(name(doers[0]!));
  const a = book.list(doers.map(name));
  const noun = input.of ? book.noun[input.of] : undefined;
  if (input.kind === 'announcement' && noun && doers.length) {
    return people.length ? book.speaksOf(a, plural, noun) : book.namedIn(a, plural, noun);
  }
  if (!doers.length) {
    const kind = input.of ?? input.kind;
    const what = event ? (lang === 'en' ? `the ${name(event)}` : name(event)) : book.subject[kind] ?? book.noun[kind];
    if (what) return book.happens(what, p);
  }
  const parts: Parts = {
    a: a || book.unnamed,
    b: book.list(others.map(name)),
    bPeople: others.length > 0 && others.every((e) => e.type === 'person'),
    w: book.list(weapons.map((e) => lowerCommon(name(e), lang))),
    g: agreement ? (lang === 'de' ? '' : 'the ') + name(agreement) : '',
    e: event && lang === 'en' ? name(event) : '',
    p,
    place: where,
    plural: plural || !doers.length,
  };
  // A meeting of several named people: "Putin meets Erdoğan and Raisi".
  if (input.kind === 'meeting' && doers.length > 1 && people.length > 1) {
    parts.a = name(doers[0]!);
    parts.b = book.list(doers.slice(1).map(name));
    parts.bPeople = true;
    parts.plural = false;
  }
  const sentence = book.kind[input.kind] ?? book.kind.announcement!;
  return sentence(parts).replace(/\s+/g, ' ').trim();
}

/** A common noun from the gazetteer ("Drones", "Ballistic missiles") in running English text is lower case. */
function lowerCommon(name: string, lang: TitleLang): string {
  if (lang === 'de') return name;
  return /^[A-Z][a-z]+( [a-z-]+)*$/u.test(name) && !/\d/.test(name) ? name[0]!.toLowerCase() + name.slice(1) : name;
}

function capitalise(s: string): string {
  const t = s.trim().replace(/[\s.,;:]+$/u, '');
  return t ? t[0]!.toUpperCase() + t.slice(1) : t;
}
