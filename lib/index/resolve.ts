/**
 * Who a claimant is when the text does not name them: an office held at the time ("the Iranian president" in 2022
 * is Ebrahim Raisi, in 2025 Masoud Pezeshkian), a pronoun ("he", "er", "il", "он": the person the paragraph is
 * about), "the two countries" / "beide Länder" / "les deux pays" / "обе страны" (the two states the paragraph
 * names), and a capital or seat of government that speaks (Moscow, Moskau, Tehran, the Kremlin: shown as written,
 * linked to its state).
 *
 * Offices and their holders are curated in data/gazetteer.json (`offices`); the words (articles, pronouns, "both
 * countries") are data in data/lexicon/<lang>.json (`resolve`, compiled with the rest by lib/index/lexicon.ts).
 */
import { GazetteerError } from '../match/compile';
import type { Gazetteer, MatcherTable, Mention } from '../match/types';
import { normalize } from '../text/normalize';
import type { SentenceCtx } from './context';
import type { Lexicon } from './lexicon';
import { quoteRanges } from './cues';

/** Who made a claim: an entity where there is one, and the words the text uses. */
export interface Claimant {
  entity: number | null;
  text: string;
  /** Several entities, in order of mention, when the claimant is more than one ("the two countries"). */
  entities?: number[];
}

/** The `resolve` part of a language's lexicon file. */
export interface ResolveLexicon {
  /** Articles that may open an office title ("the", "der", "le"). */
  articles: string[];
  /** Personal pronouns that stand for a person as the subject of a speech verb. */
  pronouns: string[];
  /** Phrases that stand for the two states of the paragraph. */
  bothStates: string[];
}

interface Folded {
  articles: string[];
  pronouns: Set<string>;
  bothStates: Set<string>;
}

interface Holder {
  entity: number;
  from: string;
  to: string;
}

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const low = (d: string): string => d.padEnd(10, '-01');
const high = (d: string): string => (d.length === 4 ? `${d}-12-31` : d.length === 7 ? `${d}-31` : d);

/** Built once per index build from the gazetteer; `forDoc` gives the resolver of one article. */
export class ClaimantResolver {
  private readonly titles = new Map<string, Holder[]>();
  private readonly actsFor: Array<number | null>;
  private readonly lexicons = new Map<string, Folded>();
  private readonly index = new Map<string, number>();

  constructor(
    gazetteer: Gazetteer,
    private readonly table: MatcherTable,
  ) {
    table.entities.forEach((e, i) => this.index.set(e.id, i));
    const entity = (id: string, where: string): number => {
      const i = this.index.get(id);
      if (i === undefined) throw new GazetteerError(`gazetteer: ${where} names unknown entity "${id}"`);
      return i;
    };
    this.actsFor = gazetteer.entities.map((e) => (e.actsFor ? entity(e.actsFor, `actsFor of ${e.id}`) : null));
    for (const office of gazetteer.offices ?? []) {
      const holders = office.holders.map((h): Holder => {
        if (!DATE.test(h.from) || (h.to !== undefined && !DATE.test(h.to))) throw new GazetteerError(`gazetteer: office ${office.id} has a holder with a bad date (YYYY, YYYY-MM or YYYY-MM-DD)`);
        return { entity: entity(h.entity, `office ${office.id}`), from: low(h.from), to: h.to ? high(h.to) : '9999-12-31' };
      });
      for (const list of Object.values(office.titles)) {
        for (const t of list) {
          const key = normalize(t);
          if (this.titles.has(key)) throw new GazetteerError(`gazetteer: office title "${t}" of ${office.id} is listed twice`);
          this.titles.set(key, holders);
        }
      }
    }
  }

  /** The resolver of one article: the words of its language's lexicon, its sentences. */
  forDoc(lex: Lexicon, contexts: SentenceCtx[]): DocResolver {
    let folded = this.lexicons.get(lex.lang);
    if (!folded) {
      const { articles, pronouns, bothStates } = lex.resolve;
      folded = { articles: articles.map(normalize), pronouns: new Set(pronouns.map(normalize)), bothStates: new Set(bothStates.map(normalize)) };
      this.lexicons.set(lex.lang, folded);
    }
    return new DocResolver(this, folded, contexts);
  }

  /** The holder of an office named by `phrase` (articles dropped) on `date`, when exactly one held it then. */
  holder(phrase: string, lex: Folded, date: string | null): number | null | undefined {
    const holders = this.titles.get(stripArticle(normalize(phrase), lex));
    if (!holders) return undefined;
    if (!date || !DATE.test(date)) return null;
    const lo = low(date);
    const hi = high(date);
    const during = holders.filter((h) => lo >= h.from && hi <= h.to);
    return during.length === 1 ? during[0]!.entity : null;
  }

  /** The state an entity stands for: itself for a country, its state for a capital or seat of government. */
  stateOf(entity: number): number | null {
    if (this.table.entities[entity]!.type === 'country') return entity;
    return this.actsFor[entity] ?? null;
  }

  isPerson(entity: number): boolean {
    return this.table.entities[entity]!.type === 'person';
  }
}

function stripArticle(folded: string, lex: Folded): string {
  for (const a of lex.articles) {
    if (a.endsWith("'") && folded.startsWith(a)) return folded.slice(a.length);
    if (folded.startsWith(`${a} `)) return folded.slice(a.length + 1);
  }
  return folded;
}

/** Mentions outside quotations: words inside a quote are the quoted speaker's, not the reporter's. */
function outsideQuotes(s: SentenceCtx, before = s.text.length): Mention[] {
  const quotes = quoteRanges(s.text);
  return s.mentions.filter((m) => {
    const at = m.start - s.start;
    return at < before && !quotes.some(([a, b]) => at >= a && at < b);
  });
}

/** Claimant resolution within one article. */
export class DocResolver {
  /** People who made claims so far: sentence index and claimant. */
  private readonly speakers: Array<{ sentence: number; claimant: Claimant }> = [];

  constructor(
    private readonly shared: ClaimantResolver,
    private readonly lex: Folded,
    private readonly contexts: SentenceCtx[],
  ) {}

  isPronoun(phrase: string): boolean {
    return this.lex.pronouns.has(normalize(phrase));
  }

  isBothStates(phrase: string): boolean {
    return this.lex.bothStates.has(normalize(phrase));
  }

  /** Records a claim's claimant, so that a later "he" can refer to them. */
  spoke(s: SentenceCtx, claimant: Claimant): void {
    if (claimant.entity !== null && this.shared.isPerson(claimant.entity)) this.speakers.push({ sentence: s.index, claimant });
  }

  /**
   * Who "he / er / il / он" before a speech verb is: the last person who spoke in this paragraph, else the subject
   * (first person named outside quotations) of the nearest earlier sentence of the paragraph that names one, else
   * the speaker of the sentence right before (a quotation often opens the next paragraph). Null when none.
   */
  pronoun(s: SentenceCtx): Claimant | null {
    const last = this.speakers[this.speakers.length - 1];
    const paragraph = (i: number): number => this.contexts[i]!.paragraph;
    if (last && paragraph(last.sentence) === s.paragraph) return last.claimant;
    for (let i = s.index - 1; i >= 0 && paragraph(i) === s.paragraph; i--) {
      const person = outsideQuotes(this.contexts[i]!).find((m) => this.shared.isPerson(m.entity));
      if (person) return { entity: person.entity, text: this.contexts[i]!.text.slice(person.start - this.contexts[i]!.start, person.end - this.contexts[i]!.start).replace(/[’']s$/u, '') };
    }
    if (last && last.sentence >= s.index - 1) return last.claimant;
    return null;
  }

  /**
   * The entity behind a claimant: an office title → its holder on `date` (the claim's date, else the article's);
   * "the two countries" → the last two states named in the paragraph; a capital or seat of government → its state.
   * The words stay as written.
   */
  resolve(claimant: Claimant, s: SentenceCtx, cueAt: number, date: string | null): Claimant {
    if (claimant.entity === null || !this.shared.isPerson(claimant.entity)) {
      const holder = this.shared.holder(claimant.text, this.lex, date);
      if (holder !== undefined) return holder === null ? claimant : { entity: holder, text: claimant.text };
    }
    if (claimant.entity === null && this.isBothStates(claimant.text)) {
      const states = this.statesBefore(s, cueAt);
      return states.length === 2 ? { entity: null, text: claimant.text, entities: states } : claimant;
    }
    if (claimant.entity !== null) {
      const state = this.shared.stateOf(claimant.entity);
      if (state !== null && state !== claimant.entity) return { ...claimant, entity: state };
    }
    return claimant;
  }

  /**
   * The two states "the two countries" stands for: the two named (or stood for by a capital) most often before the
   * cue in the paragraph (ties: the first named), reaching into the sentence before when the paragraph names fewer.
   */
  private statesBefore(s: SentenceCtx, cueAt: number): number[] {
    const count = new Map<number, number>();
    const first = new Map<number, number>();
    let order = 0;
    const add = (ms: Mention[]): void => {
      for (const m of ms) {
        const state = this.shared.stateOf(m.entity);
        if (state === null) continue;
        count.set(state, (count.get(state) ?? 0) + 1);
        if (!first.has(state)) first.set(state, order++);
      }
    };
    let i = s.index - 1;
    while (i >= 0 && this.contexts[i]!.paragraph === s.paragraph) i--;
    for (let j = i + 1; j < s.index; j++) add(this.contexts[j]!.mentions);
    add(outsideQuotes(s, cueAt));
    if (count.size < 2 && i >= 0 && i === s.index - 1) add(this.contexts[i]!.mentions);
    return [...count.keys()]
      .sort((a, b) => count.get(b)! - count.get(a)! || first.get(a)! - first.get(b)!)
      .slice(0, 2)
      .sort((a, b) => first.get(a)! - first.get(b)!);
  }
}
