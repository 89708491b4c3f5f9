/**
 * The mentions on one page and how they were found: the first scan of the body, then subtrees added later, each
 * matched as its own segment. Read-only on the page; it holds the text nodes it found names in, nothing else.
 */
import { collectSteps, contextOf, nodeIndexAt, runToEnd, textOf, type PageText } from '../dom/collect';
import type { HitRange } from '../dom/hit-test';
import { pageDateSteps } from '../dom/page-date';
import { MATCH_STEP, matchRange, matchSteps, titleMentions, titleText } from '../dom/scan';
import type { Matcher } from '../match/matcher';
import { sideSteps, type SideCheck } from '../match/sides';
import { namesASide } from './quick';
import type { EntityTable, EntityType, Mention, TableEntity } from '../match/types';
import type { PageInput } from '../messages';
import { canonicalUrl, pageTitle, textSample, zoneCounts, type ZoneCounts } from '../rank/page';
import { DECIDE_STEP, TopicTally, type TopicDecision, type ZonedMention } from '../topic/gate';

/** Most mentions kept on one page (the gate sees them all; at most MAX_HIGHLIGHTS are painted). */
const MAX_FOUND = 50_000;
/** Offsets of later segments start this far after the previous one, so "named together" never spans two. */
const SEGMENT_GAP = 10_000;

export interface Found extends HitRange {
  /** Mention in gate coordinates (segments laid end to end). */
  zm: ZonedMention;
  entity: TableEntity;
  page: PageText;
  start: number;
  end: number;
  range: StaticRange | null;
}

export class PageMentions {
  title: ZonedMention[] = [];
  found: Found[] = [];
  /** Whether `found` is in document order: true for one scan of the page (text order is document order). */
  inOrder = true;
  /**
   * Quick reject: the page names no Russia-side or no Iran-side entity anywhere (so the gate cannot find it on
   * topic). Then nothing is kept, not even the text; text added later is only checked for a side's name, and one
   * brings a full scan of the page again. With a side check (lib/match/sides.ts, the content script's) this is
   * known before the matcher is even loaded: it is made only for a page that may name both sides.
   */
  rejected = false;
  words = 0;
  date: string | null = null;
  /** The page's text as first collected (the ranking reads its first characters). */
  private main: PageText | null = null;
  private byNode = new Map<Node, Found[]>();
  private nextBase = 0;
  private made: Matcher | null;

  constructor(
    private readonly doc: Document,
    /** The matcher, or how to make it when first needed (loading it is a cost an off-topic page need not pay). */
    private readonly makeMatcher: Matcher | (() => Matcher),
    /** Backstory's own UI, never read. */
    private readonly host: () => Element | null,
    /** The quick side check, run before the matcher; without it the matcher's own mentions decide the reject. */
    private readonly sides: SideCheck | null = null,
    /** Most mentions kept (tests of a huge page use fewer). */
    private readonly maxFound = MAX_FOUND,
  ) {
    this.made = typeof makeMatcher === 'function' ? null : makeMatcher;
  }

  private get matcher(): Matcher {
    this.made ??= (this.makeMatcher as () => Matcher)();
    return this.made;
  }

  /** Every mention, title first, for the topic gate. */
  zoned(): ZonedMention[] {
    return [...this.title, ...this.found.map((f) => f.zm)];
  }

  /** The gate's decision on every mention (`decide` on `zoned()`), a step per `step` mentions. */
  *decideSteps(table: EntityTable, step = DECIDE_STEP): Generator<void, TopicDecision, void> {
    const tally = new TopicTally(table);
    for (const m of this.title) tally.add(m);
    for (let i = 0; i < this.found.length; i++) {
      if (i > 0 && i % step === 0) yield;
      tally.add(this.found[i]!.zm);
    }
    return tally.decision(this.words);
  }

  /** The first `limit` mentions of these types, in document order. */
  ofTypes(types: Set<EntityType>, limit = Infinity): Found[] {
    return runToEnd(this.ofTypesSteps(types, limit));
  }

  /** `ofTypes` as a resumable walk (a step per `step` mentions looked at). */
  *ofTypesSteps(types: Set<EntityType>, limit = Infinity, step = DECIDE_STEP): Generator<void, Found[], void> {
    const shown: Found[] = [];
    for (let i = 0; i < this.found.length; i++) {
      // In order already: stop at the limit (a huge page has 50,000, of which 5,000 are shown).
      if (this.inOrder && shown.length >= limit) break;
      if (i > 0 && i % step === 0) yield;
      const f = this.found[i]!;
      if (types.has(f.entity.type)) shown.push(f);
    }
    if (this.inOrder) return shown;
    // Sorting tens of thousands of mentions by DOM position takes seconds: only text added later needs it.
    yield;
    shown.sort(documentOrder);
    return shown.slice(0, limit);
  }

  /**
   * Scans the whole page again, from nothing. `sidesPassed`: the quick reject (lib/content/quick.ts) has just let
   * this page through, so the side check is not run again.
   */
  *fullScan(sidesPassed = false): Generator<void, void, void> {
    this.title = [];
    this.found = [];
    this.inOrder = true;
    this.rejected = false;
    this.byNode = new Map();
    this.words = 0;
    this.nextBase = 0;
    this.date = null;
    this.main = null;
    // The text left in pieces, read as one (lib/text/pieces.ts): joining a huge page's copied it in one long task.
    const page = yield* collectSteps(this.doc.body, { exclude: this.host(), pieces: true });
    const text = textOf(page);
    if (this.sides && !sidesPassed) {
      const named = yield* sideSteps(this.sides, page.pieces ?? [], `${titleText(this.doc)}\n`);
      if (!named.russia || !named.iran) {
        this.rejected = true;
        return;
      }
    }
    yield* this.matcher.buildSteps();
    this.title = titleMentions(this.doc, this.matcher);
    // Only the mentions kept are matched (a huge page names tens of thousands more); the words are all counted.
    const matched = yield* matchSteps(this.matcher, text, MATCH_STEP, this.maxFound);
    const entities = this.matcher.table.entities;
    if (!bothSides(entities, this.title, matched.mentions)) {
      // Past the mentions kept, the rest of the text may name the missing side.
      const rest: Mention[] = [];
      if (matched.matchedTo < text.length) yield* matchRange(this.matcher, text, matched.matchedTo, text.length, MATCH_STEP, rest);
      if (!bothSides(entities, this.title, matched.mentions, rest)) {
        this.rejected = true;
        this.title = [];
        return;
      }
    }
    // The date's queries walk the whole document: steps of their own.
    yield;
    this.date = yield* pageDateSteps(this.doc);
    this.main = page;
    yield* this.addSegment(page, matched);
  }

  /** Mentions per entity in title, lead and body (the shown ones and the title tag's). */
  zones(visible: Found[]): ZoneCounts {
    const table = this.matcher.table;
    return zoneCounts([...this.title.map((m) => ({ id: table.entities[m.entity]!.id, zone: m.zone })), ...visible.map((f) => ({ id: f.entity.id, zone: f.zm.zone }))]);
  }

  /** What the ranking needs to know of the page (lib/rank/page.ts), sent with the sidebar's request. */
  pageInput(visible: Found[]): PageInput {
    return { zones: this.zones(visible), title: pageTitle(this.doc), text: this.main ? textSample(this.main) : '', url: canonicalUrl(this.doc) };
  }

  /** Scans subtrees (or text nodes) added or changed since, after dropping what left the page. */
  *addRoots(roots: Node[]): Generator<void, void, void> {
    if (this.rejected) {
      if (yield* this.namesASide(roots)) yield* this.fullScan();
      return;
    }
    const kept = this.found.filter((f) => f.startNode.isConnected && f.endNode.isConnected);
    if (kept.length !== this.found.length) {
      this.found = kept;
      this.byNode = new Map();
      for (const f of kept) this.byNode.set(f.startNode, [...(this.byNode.get(f.startNode) ?? []), f]);
    }
    for (const root of roots) {
      if (!root.isConnected) continue;
      if (root.nodeType === 3) {
        const parent = root.parentElement;
        const where = parent ? contextOf(parent, this.host()) : null;
        const data = (root as Text).data;
        if (!where || !data) continue;
        yield* this.addSegment({ text: data, nodes: [root as Text], starts: [0], zones: [where.zone] });
      } else {
        const where = contextOf(root as Element, this.host());
        if (!where) continue;
        const page = yield* collectSteps(root as Element, { exclude: this.host(), zone: where.zone, inArticle: where.inArticle, lead: false });
        if (page.text) yield* this.addSegment(page);
      }
    }
  }

  /** Whether any of these subtrees (or text nodes) names a Russia-side or Iran-side entity. */
  private *namesASide(roots: Node[]): Generator<void, boolean, void> {
    if (this.sides) return yield* namesASide(this.sides, roots, this.host());
    const entities = this.matcher.table.entities;
    for (const root of roots) {
      const where = !root.isConnected ? null : root.nodeType === 3 ? root.parentElement && contextOf(root.parentElement, this.host()) : contextOf(root as Element, this.host());
      if (!where) continue;
      const text = root.nodeType === 3 ? (root as Text).data : (yield* collectSteps(root as Element, { exclude: this.host(), zone: where.zone, inArticle: where.inArticle, lead: false, textOnly: true })).text;
      const { mentions } = yield* matchSteps(this.matcher, text);
      if (mentions.some((m) => entities[m.entity]!.side !== 'other')) return true;
    }
    return false;
  }

  /** Adds one collected segment (the page, or a subtree added later); yields while matching. */
  private *addSegment(page: PageText, matched?: { mentions: Mention[]; words: number }): Generator<void, void, void> {
    // Text read again (a subtree moved, or its text changed) replaces what was found in it before.
    const stale = new Set<Found>();
    // (Nothing to look up on a first scan: a huge page's 200,000 nodes were one long task of lookups.)
    let seen = 0;
    if (this.byNode.size) for (const n of page.nodes) {
      if (++seen % 4000 === 0) yield;
      const old = this.byNode.get(n);
      if (!old) continue;
      for (const f of old) stale.add(f);
      this.byNode.delete(n);
    }
    if (stale.size) this.found = this.found.filter((f) => !stale.has(f));
    const text = textOf(page);
    const { mentions, words } = matched ?? (yield* matchSteps(this.matcher, text));
    const base = this.nextBase;
    this.nextBase += text.length + SEGMENT_GAP;
    this.words += words;
    if (this.found.length) this.inOrder = false;
    const entities = this.matcher.table.entities;
    let k = 0;
    for (const mention of mentions) {
      if (this.found.length >= this.maxFound) break;
      // A page with tens of thousands of mentions: keep each task short.
      if (++k % 2000 === 0) yield;
      const a = nodeIndexAt(page, mention.start);
      const b = nodeIndexAt(page, mention.end - 1);
      const f: Found = {
        zm: { entity: mention.entity, start: mention.start + base, end: mention.end + base, demonym: mention.demonym, zone: page.zones[a]! },
        entity: entities[mention.entity]!,
        page,
        start: mention.start,
        end: mention.end,
        range: null,
        startNode: page.nodes[a]!,
        startOffset: mention.start - page.starts[a]!,
        endNode: page.nodes[b]!,
        endOffset: mention.end - page.starts[b]!,
      };
      this.found.push(f);
      const list = this.byNode.get(f.startNode) ?? [];
      list.push(f);
      this.byNode.set(f.startNode, list);
    }
  }
}

/** Whether the title and the text name both a Russia-side and an Iran-side entity (else the gate says no). */
function bothSides(entities: readonly TableEntity[], ...lists: ReadonlyArray<readonly Mention[]>): boolean {
  let russia = false;
  let iran = false;
  for (const list of lists) {
    for (const m of list) {
      const side = entities[m.entity]!.side;
      if (side === 'russia') russia = true;
      else if (side === 'iran') iran = true;
      if (russia && iran) return true;
    }
  }
  return false;
}

/** Document order of two mentions (ranges in the same text node by offset). */
function documentOrder(a: Found, b: Found): number {
  if (a.startNode === b.startNode) return a.startOffset - b.startOffset;
  return a.startNode.compareDocumentPosition(b.startNode) & 4 ? -1 : 1;
}
