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
import type { IndexEvent, Precision } from './types';
import { titleOf } from './title';

export type EventKind = 'meeting' | 'visit' | 'summit' | 'delivery' | 'exercise' | 'signing' | 'invasion' | 'attack' | 'announcement' | 'sanctions';

/** Trigger words per kind (English and German), matched on word starts, case-insensitive. */
const TRIGGERS: Array<[EventKind, RegExp]> = [
  ['summit', /\b(summit|summits|gipfel\w*|top of leaders)\b/giu],
  ['exercise', /\b(maneuvers?|manoeuvres?|drills?|exercises?|man[öo]ver\w*|marine[üu]bung\w*|[üu]bungen)\b/giu],
  ['signing', /\b(signed|signing|signs?|unterzeichne\w*|reached a tentative agreement|agreement reached)\b/giu],
  ['invasion', /\b(invaded|invading|invasion|invade|annexed|occupation|milit[äa]roperation)\b/giu],
  ['attack', /\b(attacked|attacks?|strikes?|bombed|angriff\w*)\b/giu],
  ['delivery', /\b(supplied|supplying|supply|delivered|deliveries|delivery|shipped|provided|geliefert|beliefert|liefert\w*)\b/giu],
  ['meeting', /\b(met|meet|meets|meeting|talks|conference|shakes hands|trembles hands|hosted|consults with|traf|treffen|besprach|gespr[äa]ch\w*)\b/giu],
  ['visit', /\b(visit|visited|visits|trip|travel|travels|traveled|travelled|arrived|arrives|heading to|besuch\w*|eingetroffen|reiste)\b/giu],
  ['announcement', /\b(announced|announcing|announcement|angek[üu]ndigt|k[üu]ndigte|warnings?)\b/giu],
  ['sanctions', /\b(imposed sanctions|reimposed|sanctioned)\b/giu],
];

/** Not events: generic or habitual phrases that contain a trigger word. */
const NOT_EVENT = /\b(since the early|since the onset|for years|decades of|has a long history)\b/iu;
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

/** Event triggers outside quotations (a quoted statement is a claim, not a report of an event). */
function triggers(text: string): Trigger[] {
  const out: Trigger[] = [];
  const quotes = quoteRanges(text);
  for (const [kind, re] of TRIGGERS) {
    for (const m of text.matchAll(re)) if (!inRanges(m.index, quotes)) out.push({ kind, at: m.index, word: m[0] });
  }
  return out.sort((a, b) => a.at - b.at);
}

const MAX_TRIGGER_DISTANCE = 90;
const MAX_SPEECH_DISTANCE = 40;

/** Events reported in one document. Ids are `ev:<doc>:<sentence>[.<n>]`, stable across rebuilds. */
export function extractEvents(a: AnalysedDoc, table: MatcherTable): IndexEvent[] {
  const { doc } = a;
  const out: IndexEvent[] = [];
  const contexts = sentenceContexts(a);
  for (const s of contexts) {
    if (NOT_EVENT.test(s.text)) continue;
    const trig = triggers(s.text);
    if (!trig.length || !s.mentions.length) continue;
    const speech = speechCues(s.text);
    let dates: FoundDate[] = findDates(s.text, doc.lang, doc.date.value).filter((d) => !RELATIVE_TO_OTHER.test(d.text));
    let fromArticle = false;
    if (!dates.length) {
      // The lead of an article reports its own news: date it by the article, saying how that date is known.
      if (!isLead(s, contexts) || s.mentions.length < 2 || speech.length || !LEAD_KINDS.has(trig[0]!.kind)) continue;
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
        ((sp.end <= d.start && d.start - sp.end <= 80 && dist(t.at) > 30 && !/\b(that|dass)\b|[,;]/iu.test(s.text.slice(sp.end, d.start))) ||
          (dist(sp.at) <= MAX_SPEECH_DISTANCE && dist(sp.at) < dist(t.at)));
      if (attributed) {
        kept.push({ d, kind: 'announcement' });
      } else if (fromArticle || s.caption || dist(t.at) <= MAX_TRIGGER_DISTANCE) {
        kept.push({ d, kind: t.kind });
      }
    }
    kept.forEach(({ d, kind }, n) => {
      const speakers = new Set(kind === 'announcement' ? [] : speakerMentions(s, speech).filter((m) => table.entities[m.entity]!.type !== 'person'));
      let participants = s.mentions.filter((m) => !speakers.has(m)).map((m) => m.entity);
      if (!s.mentions.some((m) => table.entities[m.entity]!.type === 'person') && PLURAL_PEOPLE.test(s.text)) {
        const before = contexts.slice(Math.max(0, s.index - 2), s.index).filter((c) => c.paragraph === s.paragraph);
        participants = [...before.flatMap((c) => c.mentions.filter((m) => table.entities[m.entity]!.type === 'person').map((m) => m.entity)), ...participants];
      }
      const place = placeNear(s, table, d.start);
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

/** Mentions that are the speaker of a statement in the sentence ("..., the White House said"). */
function speakerMentions(s: SentenceCtx, speech: ReturnType<typeof speechCues>): SentenceCtx['mentions'] {
  return s.mentions.filter((m) => {
    const from = m.start - s.start;
    const to = m.end - s.start;
    return speech.some((c) => (c.at >= to && c.at - to <= 3) || (c.end <= from && from - c.end <= 4 && /according to|laut/i.test(c.word)));
  });
}

/** The place of an event: a place or country named after "in", "at", "to", "im", "nach", nearest to `at`. */
function placeNear(s: SentenceCtx, table: MatcherTable, at: number): number | null {
  const candidates = s.mentions.filter((m) => {
    const type = table.entities[m.entity]!.type;
    if ((type !== 'place' && type !== 'country') || m.demonym) return false;
    return /\b(in|at|to|im|in der|nach|bei)\s+(the\s+)?$/iu.test(s.text.slice(Math.max(0, m.start - s.start - 12), m.start - s.start));
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

/**
 * One happening reported by several articles becomes one event with several sources: same kind, same date
 * (at the coarser precision, day-level dates must agree), and a shared person or organisation.
 */
export function mergeEvents(events: IndexEvent[], table: MatcherTable): IndexEvent[] {
  const types = new Map(table.entities.map((e) => [e.id, e.type]));
  const out: IndexEvent[] = [];
  // Candidates share kind family, precision and date: bucket by that key so merging stays linear.
  const buckets = new Map<string, IndexEvent[]>();
  for (const ev of events) {
    const key = `${family(ev.kind)}|${ev.precision}|${ev.date.value}`;
    const bucket = buckets.get(key) ?? [];
    const same = bucket.find((o) => o.docId !== ev.docId && o.entityIds.some((id) => PERSONISH.has(types.get(id) ?? '') && ev.entityIds.includes(id)));
    if (!same) {
      const copy = { ...ev, sources: [...ev.sources] };
      out.push(copy);
      bucket.push(copy);
      buckets.set(key, bucket);
      continue;
    }
    same.sources.push(...ev.sources);
    for (const id of ev.entityIds) if (!same.entityIds.includes(id)) same.entityIds.push(id);
    // A date stated in the text beats one that was inferred or curated.
    if (same.date.basis !== 'text' && ev.date.basis === 'text') same.date = ev.date;
    same.placeId ??= ev.placeId;
  }
  return out.sort((a, b) => (a.date.value < b.date.value ? -1 : a.date.value > b.date.value ? 1 : a.id < b.id ? -1 : 1));
}
