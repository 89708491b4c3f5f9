/**
 * Dated events: every sentence (or photo caption) that reports something happening at a time — meetings,
 * visits, summits, deliveries, exercises, signings, invasions, attacks, announcements — with its date resolved
 * against the article date, participants, place, a short summary and the verbatim quote.
 */
import type { MatcherTable } from '../match/types';
import type { AnalysedDoc } from './analysed';
import { docKey, sentenceContexts, type SentenceCtx } from './context';
import { findDates, type FoundDate } from './dates';
import { inRanges, quoteRanges, speechCues } from './cues';
import type { EventKind, Lexicon } from './lexicon';
import type { IndexDate, IndexEvent, Precision } from './types';
import { titleOf } from './title';

export type { EventKind } from './lexicon';

/** chrono reads these as dates, but they are relative to some other happening. */
const RELATIVE_TO_OTHER = /^(a|one|the) (day|week) (after|before|later|earlier)$/iu;
/** Several people referred to together: the participants are the people named just before. */
const PLURAL_PEOPLE = /\b(the leaders|the two (leaders|presidents|men)|both leaders|the pair|das paar|die beiden)\b/iu;
/** In the lead, only these kinds are the article's own news of the day. */
const LEAD_KINDS = new Set<EventKind>(['visit', 'meeting', 'signing', 'summit']);

interface Trigger {
  kind: EventKind;
  at: number;
  word: string;
}

/** Event triggers (the lexicon's words per kind) outside quotations: a quoted statement is a claim, not an event. */
function triggers(text: string, lex: Lexicon): Trigger[] {
  const out: Trigger[] = [];
  const quotes = quoteRanges(text);
  for (const [kind, re] of lex.triggers) {
    for (const m of text.matchAll(re)) if (!inRanges(m.index, quotes)) out.push({ kind, at: m.index, word: m[0] });
  }
  return out.sort((a, b) => a.at - b.at);
}

const MAX_TRIGGER_DISTANCE = 90;
const MAX_SPEECH_DISTANCE = 40;

/** Events reported in one document. Ids are `ev:<doc>:<sentence>[.<n>]`, stable across rebuilds. */
export function extractEvents(a: AnalysedDoc, table: MatcherTable, lex: Lexicon): IndexEvent[] {
  const { doc } = a;
  const out: IndexEvent[] = [];
  const contexts = sentenceContexts(a);
  for (const s of contexts) {
    if (lex.notEvent?.test(s.text)) continue;
    if (!s.mentions.length) continue;
    const trig = triggers(s.text, lex);
    const speech = speechCues(s.text, lex);
    // A statement to the press ("Sullivan told reporters on Monday") is itself a happening.
    if (!trig.length && speech.length && lex.briefing?.test(s.text)) trig.push({ kind: 'announcement', at: speech[0]!.at, word: speech[0]!.word });
    if (!trig.length) continue;
    // The dateline ("KAZAN, Russia, Oct 24 (Reuters) –") dates the report, not the happening.
    const dateline = s.index === 0 ? datelineEnd(s.text) : 0;
    let dates: FoundDate[] = findDates(s.text, lex, doc.date?.value ?? null).filter((d) => !RELATIVE_TO_OTHER.test(d.text) && d.start >= dateline);
    let fromArticle = false;
    // No date of its own near a trigger (none, or only one inside a quotation): a date from the context.
    const context = (): FoundDate | null => contextDate(s, contexts, trig, lex, doc.date?.value ?? null);
    if (!dates.length) {
      const found = context();
      if (found) dates = [found];
    }
    if (!dates.length) {
      // The lead of an article reports its own news: date it by the article, saying how that date is known.
      if (!doc.date || !isLead(s, contexts) || s.mentions.length < 2 || speech.length || !LEAD_KINDS.has(trig[0]!.kind)) continue;
      const basis = doc.date.basis === 'text' ? 'inferred' : doc.date.basis;
      dates = [{ start: trig[0]!.at, end: trig[0]!.at, text: '', value: doc.date.value, precision: precisionOf(doc.date.value), basis: basis as 'inferred' }];
      fromArticle = true;
    }
    const kept: Array<{ d: FoundDate; kind: EventKind }> = [];
    for (const d of dates) {
      const dist = (at: number): number => (at < d.start ? d.start - at : at - d.end);
      const t = [...trig].sort((x, y) => dist(x.at) - dist(y.at))[0]!;
      const sp = [...speech].sort((x, y) => dist(x.at) - dist(y.at))[0];
      // "X said on Tuesday that ...": the date is the statement's. It is an event only as an announcement of one.
      const attributed =
        sp !== undefined &&
        ((sp.end <= d.start && d.start - sp.end <= 80 && dist(t.at) > 30 && s.text.slice(sp.end, d.start).search(lex.clause) < 0) ||
          (dist(sp.at) <= MAX_SPEECH_DISTANCE && dist(sp.at) < dist(t.at)));
      if (attributed) {
        kept.push({ d, kind: 'announcement' });
      } else if (fromArticle || s.caption || dist(t.at) <= MAX_TRIGGER_DISTANCE) {
        kept.push({ d, kind: t.kind });
      }
    }
    if (!kept.length && !fromArticle) {
      const found = context();
      const t = found && trig.find((x) => x.at === found.start);
      if (found && t && !dates.includes(found)) kept.push({ d: found, kind: t.kind });
    }
    kept.forEach(({ d, kind }, n) => {
      const speakers = new Set(kind === 'announcement' ? [] : speakerMentions(s, speech).filter((m) => table.entities[m.entity]!.type !== 'person'));
      let participants = s.mentions.filter((m) => !speakers.has(m)).map((m) => m.entity);
      // "The summit, which opened on ...": the named event of that kind in the sentences just before.
      const isSummit = (i: number): boolean => table.entities[i]!.type === 'event' && /summit/.test(table.entities[i]!.id);
      if (kind === 'summit' && !participants.some(isSummit)) {
        const named = contexts
          .slice(Math.max(0, s.index - 2), s.index)
          .filter((c) => c.paragraph >= s.paragraph - 1)
          .flatMap((c) => c.mentions.filter((m) => isSummit(m.entity)).map((m) => m.entity));
        if (named.length) participants = [named[named.length - 1]!, ...participants];
      }
      if (!s.mentions.some((m) => table.entities[m.entity]!.type === 'person') && PLURAL_PEOPLE.test(s.text)) {
        const before = contexts.slice(Math.max(0, s.index - 2), s.index).filter((c) => c.paragraph === s.paragraph);
        participants = [...before.flatMap((c) => c.mentions.filter((m) => table.entities[m.entity]!.type === 'person').map((m) => m.entity)), ...participants];
      }
      const place = placeNear(s, table, d.start, lex);
      out.push({
        id: `ev:${docKey(doc.id)}:${s.index}${kept.length > 1 ? `.${n}` : ''}`,
        date: { value: d.value, basis: d.basis },
        precision: d.precision,
        summary: titleOf(s, table, { kind, lang: doc.lang, cues: trig, participants, place, of: kind === 'announcement' ? trig.find((x) => x.kind !== 'announcement')?.kind : undefined }),
        kind,
        entityIds: [...new Set(participants.map((i) => table.entities[i]!.id))],
        placeId: place !== null ? table.entities[place]!.id : null,
        docId: doc.id,
        quote: s.text,
        start: s.start,
        end: s.end,
        sources: [{ docId: doc.id, quote: s.text, start: s.start, end: s.end }],
      });
    });
  }
  return out;
}

/**
 * A date for a sentence that states none, from its context: an event going on as the article is written ("the
 * BRICS summit that's happening in Kazan") takes the article's month; a meeting the sentence is set in ("during a
 * meeting in Tehran with ..., Shoigu said") takes the date of the sentence before it in the paragraph. Placed at
 * the trigger, so that the trigger's kind is the event's.
 */
function contextDate(s: SentenceCtx, contexts: SentenceCtx[], trig: Trigger[], lex: Lexicon, ref: string | null): FoundDate | null {
  if (ref === null) return null;
  const at = (t: Trigger, d: Omit<FoundDate, 'start' | 'end' | 'text'>): FoundDate => ({ ...d, start: t.at, end: t.at, text: '' });
  const ongoing = lex.ongoing?.exec(s.text);
  const near = (i: number): Trigger | undefined => trig.find((t) => LEAD_KINDS.has(t.kind) && Math.abs(t.at - i) <= 60);
  if (ongoing) {
    const t = near(ongoing.index);
    if (t) return at(t, { value: ref.slice(0, 7), precision: ref.length >= 7 ? 'month' : 'year', basis: 'inferred' });
  }
  const during = lex.during?.exec(s.text);
  const sameDay = lex.sameDay?.exec(s.text);
  if (during || sameDay) {
    const t = during ? trig.find((x) => x.at >= during.index && x.at < during.index + during[0].length && LEAD_KINDS.has(x.kind)) : trig[0];
    if (!t) return null;
    for (const prev of contexts.slice(Math.max(0, s.index - 2), s.index).reverse()) {
      if (prev.paragraph !== s.paragraph) break;
      const d = findDates(prev.text, lex, ref).filter((x) => !RELATIVE_TO_OTHER.test(x.text));
      if (d.length) return at(t, d[d.length - 1]!);
    }
  }
  return null;
}

const DATELINE = /^[\p{Lu}][\p{Lu}\p{M}\s.,'’()-]{1,40}?(?:,|\s)[^–—\n]{0,50}?\)\s*[–—-]\s/u;

/** The end of a wire dateline at the start of the text ("MOSCOW, Jan 17 (Backstory) – "), else 0. */
export function datelineEnd(text: string): number {
  const m = DATELINE.exec(text);
  return m ? m[0].length : 0;
}

/** Mentions that are the speaker of a statement in the sentence ("..., the White House said"). */
function speakerMentions(s: SentenceCtx, speech: ReturnType<typeof speechCues>): SentenceCtx['mentions'] {
  return s.mentions.filter((m) => {
    const from = m.start - s.start;
    const to = m.end - s.start;
    return speech.some((c) => (c.at >= to && c.at - to <= 3 && c.cls !== 'source') || (c.end <= from && from - c.end <= 4 && c.cls === 'source'));
  });
}

/** The place of an event: a place or country named after "in", "at", "to", "im", "nach", "à", "в", nearest to `at`. */
function placeNear(s: SentenceCtx, table: MatcherTable, at: number, lex: Lexicon): number | null {
  const candidates = s.mentions.filter((m) => {
    const type = table.entities[m.entity]!.type;
    if ((type !== 'place' && type !== 'country') || m.demonym) return false;
    return lex.placeBefore.test(s.text.slice(Math.max(0, m.start - s.start - 12), m.start - s.start));
  });
  if (!candidates.length) return null;
  return [...candidates].sort((x, y) => Math.abs(x.start - s.start - at) - Math.abs(y.start - s.start - at))[0]!.entity;
}

function isLead(s: SentenceCtx, all: SentenceCtx[]): boolean {
  const firstBody = all.findIndex((x) => !x.caption);
  return !s.caption && s.index <= firstBody + 1;
}

function precisionOf(value: string): Precision {
  return value.length === 10 ? 'day' : value.length === 7 ? 'month' : 'year';
}

const PERSONISH = new Set(['person', 'organisation']);
/** Kinds that report the same happening in different words (a visit, its meetings, the summit it was for). */
const FAMILY: Partial<Record<string, string>> = { visit: 'encounter', meeting: 'encounter', summit: 'encounter', invasion: 'war', attack: 'war' };
const family = (kind: string): string => FAMILY[kind] ?? kind;

const PRECISION_RANK: Record<Precision, number> = { year: 0, month: 1, day: 2 };
const BASIS_RANK: Record<string, number> = { partial: 0, borrowed: 1, inferred: 2, curated: 3, text: 4 };

/**
 * Two dates that can name the same happening: one contains the other (2025-01 contains 2025-01-17), or a date
 * without a year (`--01-17`, basis partial) has the same month and day as the other.
 */
export function compatibleDates(a: string, b: string): boolean {
  if (a.startsWith('--') || b.startsWith('--')) {
    if (a.startsWith('--') && b.startsWith('--')) return a.startsWith(b) || b.startsWith(a);
    const [partial, full] = a.startsWith('--') ? [a.slice(1), b] : [b.slice(1), a];
    // `-01-17` against `2025-01-17`; a year-only date says nothing against it, so it is compatible.
    const md = full.slice(4);
    return md === '' || partial.startsWith(md) || md.startsWith(partial);
  }
  return a.startsWith(b) || b.startsWith(a);
}

/**
 * The date an event keeps when a source with date `next` joins it: the most precise well-founded one (a date
 * stated in the text beats an inferred or curated one of the same precision); a date stated without a year takes
 * the year of the other source, and says so (basis `borrowed`).
 */
export function betterDate(kept: { date: IndexDate; precision: Precision }, next: { date: IndexDate; precision: Precision }): { date: IndexDate; precision: Precision } {
  const kPartial = kept.date.value.startsWith('--');
  const nPartial = next.date.value.startsWith('--');
  if (kPartial !== nPartial) {
    const [partial, full] = kPartial ? [kept, next] : [next, kept];
    if (PRECISION_RANK[full.precision] >= PRECISION_RANK[partial.precision]) return full;
    // "on January 17" in an undated article, "January 2025" in another: 2025-01-17, its year from the other.
    return { date: { value: `${full.date.value.slice(0, 4)}${partial.date.value.slice(1)}`, basis: 'borrowed' }, precision: partial.precision };
  }
  const rank = (d: { date: IndexDate; precision: Precision }): number => PRECISION_RANK[d.precision] * 10 + (BASIS_RANK[d.date.basis] ?? 0);
  return rank(next) > rank(kept) ? next : kept;
}

/** The main participants of an event: its people and organisations, or, when it names none, its other entities. */
function mainParticipants(ev: IndexEvent, types: Map<string, string>): string[] {
  const personish = ev.entityIds.filter((id) => PERSONISH.has(types.get(id) ?? ''));
  return personish.length ? personish : ev.entityIds.filter((id) => id !== ev.placeId);
}

function sameParticipants(a: IndexEvent, b: IndexEvent, types: Map<string, string>): boolean {
  const ma = mainParticipants(a, types);
  const mb = mainParticipants(b, types);
  const shared = ma.filter((id) => mb.includes(id));
  const personish = (list: string[]): boolean => list.some((id) => PERSONISH.has(types.get(id) ?? ''));
  // People on both sides: one shared person or organisation. Otherwise (states only): at least two shared.
  if (personish(ma) && personish(mb)) return shared.some((id) => PERSONISH.has(types.get(id) ?? ''));
  return shared.length >= Math.min(2, ma.length, mb.length) && shared.length > 0;
}

export interface MergeOptions {
  /**
   * Events already merged with each other (copies the merge may change): kept, and joined by `events` as any
   * other, as if `events` came after them.
   */
  seeded?: IndexEvent[];
  /** Filled with the events of the result that `events` made or joined. */
  touched?: Set<IndexEvent>;
}

/**
 * One happening reported by several articles becomes one event with every source and its own quote: same kind
 * (family), same main participants, compatible dates. The date kept is the most precise well-founded one
 * (`betterDate`). Candidates are bucketed by kind family and month so merging stays near-linear.
 */
export function mergeEvents(events: IndexEvent[], table: Pick<MatcherTable, 'entities'>, options: MergeOptions = {}): IndexEvent[] {
  const types = new Map(table.entities.map((e) => [e.id, e.type]));
  const out: IndexEvent[] = [];
  // family|YYYY-MM → events of month or day precision; family|YYYY → events of year precision;
  // family|MM → events of month or day precision (for dates without a year).
  const buckets = new Map<string, IndexEvent[]>();
  const push = (key: string, ev: IndexEvent): void => {
    const list = buckets.get(key);
    if (list) list.push(ev);
    else buckets.set(key, [ev]);
  };
  const keysOf = (ev: IndexEvent): string[] => {
    const f = family(ev.kind);
    const v = ev.date.value;
    if (v.startsWith('--')) return [`${f}|${v.slice(0, 4)}`];
    if (ev.precision === 'year') return [`${f}|${v}`];
    return [`${f}|${v.slice(0, 7)}`, `${f}|--${v.slice(5, 7)}`];
  };
  const candidatesOf = (ev: IndexEvent): IndexEvent[] => {
    const f = family(ev.kind);
    const v = ev.date.value;
    const found: IndexEvent[] = [];
    const add = (key: string): void => void found.push(...(buckets.get(key) ?? []));
    if (v.startsWith('--')) add(`${f}|--${v.slice(2, 4)}`), add(`${f}|${v.slice(0, 4)}`);
    else if (ev.precision === 'year') for (let m = 1; m <= 12; m++) add(`${f}|${v}-${String(m).padStart(2, '0')}`);
    else add(`${f}|${v.slice(0, 7)}`), add(`${f}|${v.slice(0, 4)}`), add(`${f}|--${v.slice(5, 7)}`);
    if (!v.startsWith('--') && ev.precision !== 'year') add(`${f}|${v.slice(0, 4)}`);
    return found;
  };
  // Events merged before (the library's, on top of the bundled index's) are kept as they are, ready to be joined.
  for (const ev of options.seeded ?? []) {
    out.push(ev);
    for (const key of keysOf(ev)) push(key, ev);
  }
  // Dated events first, so that a date without a year meets every dated report of its happening.
  const ordered = [...events].sort((a, b) => Number(a.date.value.startsWith('--')) - Number(b.date.value.startsWith('--')));
  for (const ev of ordered) {
    const same = candidatesOf(ev).find(
      (o) => o.docId !== ev.docId && family(o.kind) === family(ev.kind) && compatibleDates(o.date.value, ev.date.value) && sameParticipants(o, ev, types),
    );
    if (!same) {
      const copy = { ...ev, sources: [...ev.sources] };
      out.push(copy);
      for (const key of keysOf(copy)) push(key, copy);
      options.touched?.add(copy);
      continue;
    }
    options.touched?.add(same);
    // A sentence that gave two events (two dates) joins once.
    for (const src of ev.sources) if (!same.sources.some((o) => o.docId === src.docId && o.start === src.start)) same.sources.push(src);
    for (const id of ev.entityIds) if (!same.entityIds.includes(id)) same.entityIds.push(id);
    const kept = betterDate(same, ev);
    if (kept.date !== same.date) {
      same.date = kept.date;
      same.precision = kept.precision;
      for (const key of keysOf(same)) push(key, same);
    }
    same.placeId ??= ev.placeId;
  }
  return out.sort((a, b) => (a.date.value < b.date.value ? -1 : a.date.value > b.date.value ? 1 : a.id < b.id ? -1 : 1));
}
