/**
 * The content script's work on one page, wired from entrypoints/content: scan (in short slices), decide, and only
 * when the page is on topic, highlight and mount the sidebar. Text added later is scanned incrementally
 * (lib/content/watch.ts); a page that stops being on topic (SPA navigation) gets everything removed again.
 * Every change it makes is undone by the returned teardown.
 */
import { h, render } from 'preact';
import { collectSteps, contextOf, nodeIndexAt, rangeFor, type PageText } from '../dom/collect';
import { HitIndex, type HitRange } from '../dom/hit-test';
import { HighlightLayer, type HighlightStyle } from '../dom/highlights';
import { pageDate } from '../dom/page-date';
import { Matcher } from '../match/matcher';
import type { EntityType, MatcherTable, TableEntity } from '../match/types';
import type { Send, SidebarPayload } from '../messages';
import { Cancelled, matchSteps, runSliced, titleMentions } from '../scan';
import { decide, type TopicDecision, type ZonedMention } from '../topic/gate';
import { canonicalUrl, pageTitle, textSample, zoneCounts, type ZoneCounts } from '../rank/page';
import type { SiteRule } from '../settings';
import { createShadowUi, HOST_TAG, type ShadowUi } from '../ui/shadow';
import { Sidebar, SidebarController } from '../ui/sidebar';
import type { ReaderUrl } from '../ui/story';
import { HoverCard, type CardInfo } from '../ui/hover-card';
import { DEFAULT_WATCH, PageWatcher, type WatchOptions } from './watch';

export interface RunOptions {
  doc: Document;
  table: MatcherTable;
  send: Send;
  readerUrl: ReaderUrl;
  highlightStyle: HighlightStyle;
  enabledTypes: Set<EntityType>;
  sidebarOpen: boolean;
  onSidebarOpenChange: (open: boolean) => void;
  /** This site's rule and how to change it (the sidebar's "never / always on this site" switch). */
  site: { host: string; rule: SiteRule | null; set: (rule: SiteRule | null) => void };
  /** Overrides of the mutation watcher's throttle and budget (tests). */
  watch?: Partial<Pick<WatchOptions, 'intervalMs' | 'maxIntervalMs' | 'backoffAfter' | 'maxRoots'>>;
}

export interface Running {
  controller: SidebarController;
  /** Resolves when the first scan is done (and its highlights drawn). */
  ready: Promise<void>;
  /** The latest decision, for tests and diagnostics. */
  decision: () => TopicDecision | null;
  /** Shows a changed site rule in the sidebar (a rule that does not change whether Backstory runs here). */
  setSiteRule: (rule: SiteRule | null) => void;
  teardown: () => void;
}

/** Most mentions highlighted on one page; the gate still sees them all (up to MAX_FOUND). */
export const MAX_HIGHLIGHTS = 5000;
const MAX_FOUND = 50_000;
/** Offsets of later segments start this far after the previous one, so "named together" never spans two. */
const SEGMENT_GAP = 10_000;

interface Found extends HitRange {
  /** Mention in gate coordinates (segments laid end to end). */
  zm: ZonedMention;
  entity: TableEntity;
  page: PageText;
  start: number;
  end: number;
  range: StaticRange | null;
}

export function runOnPage(opts: RunOptions): Running {
  const { doc, table } = opts;
  // The alias trie is built in the first slices of the scan, not in one task when the page loads.
  const matcher = new Matcher(table, false);
  const controller = new SidebarController();
  const layer = new HighlightLayer(doc, opts.highlightStyle);
  let stopped = false;
  const cancelled = (): boolean => stopped;

  let title: ZonedMention[] = [];
  let found: Found[] = [];
  /** Whether `found` is in document order: true for one scan of the page (text order is document order). */
  let inOrder = true;
  let byNode = new Map<Node, Found[]>();
  let words = 0;
  let nextBase = 0;
  let date: string | null = null;
  let decision: TopicDecision | null = null;
  let visible: Found[] = [];
  let lastReport = '';
  /** The page's text as first collected (the ranking reads its first characters). */
  let mainPage: PageText | null = null;

  const host = (): Element | null => doc.querySelector(HOST_TAG);

  const reset = (): void => {
    title = titleMentions(doc, matcher);
    found = [];
    inOrder = true;
    byNode = new Map();
    words = 0;
    nextBase = 0;
    date = pageDate(doc);
  };

  /** Adds one collected segment (the page, or a subtree added later); yields while matching. */
  function* addSegment(page: PageText): Generator<void, void, void> {
    // Text read again (a subtree moved, or its text changed) replaces what was found in it before.
    const stale = new Set<Found>();
    for (const n of page.nodes) {
      const old = byNode.get(n);
      if (!old) continue;
      for (const f of old) stale.add(f);
      byNode.delete(n);
    }
    if (stale.size) found = found.filter((f) => !stale.has(f));
    const { mentions, words: w } = yield* matchSteps(matcher, page.text);
    const base = nextBase;
    nextBase += page.text.length + SEGMENT_GAP;
    words += w;
    if (found.length) inOrder = false;
    let k = 0;
    for (const mention of mentions) {
      if (found.length >= MAX_FOUND) break;
      // A page with tens of thousands of mentions: keep each task short.
      if (++k % 2000 === 0) yield;
      const a = nodeIndexAt(page, mention.start);
      const m: ZonedMention = { ...mention, zone: page.zones[a]! };
      const b = nodeIndexAt(page, m.end - 1);
      const f: Found = {
        zm: { ...m, start: m.start + base, end: m.end + base },
        entity: table.entities[m.entity]!,
        page,
        start: m.start,
        end: m.end,
        range: null,
        startNode: page.nodes[a]!,
        startOffset: m.start - page.starts[a]!,
        endNode: page.nodes[b]!,
        endOffset: m.end - page.starts[b]!,
      };
      found.push(f);
      const list = byNode.get(f.startNode) ?? [];
      list.push(f);
      byNode.set(f.startNode, list);
    }
  }

  function* fullScan(): Generator<void, void, void> {
    yield* matcher.buildSteps();
    reset();
    const page = yield* collectSteps(doc.body, { exclude: host() });
    mainPage = page;
    yield* addSegment(page);
  }

  function* addRoots(roots: Node[]): Generator<void, void, void> {
    // What was removed from the page goes from the count and the highlights.
    const kept = found.filter((f) => f.startNode.isConnected && f.endNode.isConnected);
    if (kept.length !== found.length) {
      found = kept;
      byNode = new Map();
      for (const f of found) byNode.set(f.startNode, [...(byNode.get(f.startNode) ?? []), f]);
    }
    for (const root of roots) {
      if (!root.isConnected) continue;
      if (root.nodeType === 3) {
        const parent = root.parentElement;
        const where = parent ? contextOf(parent, host()) : null;
        const data = (root as Text).data;
        if (!where || !data) continue;
        yield* addSegment({ text: data, nodes: [root as Text], starts: [0], zones: [where.zone] });
      } else {
        const where = contextOf(root as Element, host());
        if (!where) continue;
        const page = yield* collectSteps(root as Element, { exclude: host(), zone: where.zone, inArticle: where.inArticle, lead: false });
        if (page.text) yield* addSegment(page);
      }
    }
  }

  // ---- Drawing: highlights, the sidebar and the hover card, only while the page is on topic.
  let ui: (ShadowUi & { sidebarMount: HTMLElement; cardMount: HTMLElement }) | null = null;
  let index: HitIndex<Found> | null = null;
  let cursor = -1;
  let payload: { key: string; promise: Promise<SidebarPayload>; value: SidebarPayload | null } | null = null;
  let cardInfo: CardInfo | null = null;
  let pending = 0;

  const entityIds = (): string[] => [...new Set(visible.map((f) => f.entity.id))];
  const zones = (): ZoneCounts =>
    zoneCounts([...title.map((m) => ({ id: table.entities[m.entity]!.id, zone: m.zone })), ...visible.map((f) => ({ id: f.entity.id, zone: f.zm.zone }))]);
  const loadPayload = (): Promise<SidebarPayload> => {
    const ids = entityIds();
    const key = `${ids.join(',')}|${date}`;
    if (payload?.key !== key) {
      const entry: NonNullable<typeof payload> = { key, value: null, promise: opts.send<'payload'>({
          type: 'payload',
          entityIds: ids,
          pageDate: date,
          // What the ranking needs to know of the page (lib/rank/page.ts).
          page: { zones: zones(), title: pageTitle(doc), text: mainPage ? textSample(mainPage) : '', url: canonicalUrl(doc) },
        }) };
      entry.promise.then(
        (v) => {
          entry.value = v;
          if (cardInfo) drawCard();
        },
        () => {
          if (payload === entry) payload = null;
        },
      );
      payload = entry;
    }
    return payload.promise;
  };

  const cardFor = (f: Found, x: number, y: number): CardInfo => {
    const id = f.entity.id;
    const known = payload?.value ?? null;
    if (!known) void loadPayload().catch(() => {});
    const e = known?.entities.find((x) => x.id === id);
    return {
      entity: f.entity,
      x,
      y,
      count: visible.filter((r) => r.entity.id === id).length,
      role: e?.roles[0]?.text ?? null,
      events: known ? known.events.filter((ev) => ev.entityIds.includes(id)).length : null,
      claims: known ? known.claimGroups.reduce((n, g) => n + g.claims.filter((c) => c.entityIds.includes(id) || c.claimant.entityId === id).length, 0) : null,
    };
  };
  const drawCard = (): void => {
    if (!ui) return;
    if (cardInfo) {
      const f = visible.find((r) => r.entity.id === cardInfo!.entity.id);
      if (f) cardInfo = cardFor(f, cardInfo.x, cardInfo.y);
    }
    render(cardInfo ? h(HoverCard, cardInfo) : null, ui.cardMount);
  };

  const step = (dir: 1 | -1, entityId: string | null): void => {
    const pool = entityId ? visible.map((r, i) => [r, i] as const).filter(([r]) => r.entity.id === entityId) : visible.map((r, i) => [r, i] as const);
    if (!pool.length) return;
    let i = dir === 1 ? pool.findIndex(([, k]) => k > cursor) : pool.findLastIndex(([, k]) => k < cursor);
    if (i === -1) i = dir === 1 ? 0 : pool.length - 1;
    const [target, k] = pool[i]!;
    cursor = k;
    const range = doc.createRange();
    range.setStart(target.startNode, target.startOffset);
    range.setEnd(target.endNode, target.endOffset);
    const reduce = doc.defaultView?.matchMedia('(prefers-reduced-motion: reduce)').matches ?? true;
    target.startNode.parentElement?.scrollIntoView({ block: 'center', behavior: reduce ? 'auto' : 'smooth' });
    const sel = doc.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
  };

  const onMove = (ev: PointerEvent): void => {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      const hit = index?.at(doc, ev.clientX, ev.clientY) ?? null;
      const next = hit ? cardFor(hit, ev.clientX, ev.clientY) : null;
      if (next?.entity.id !== cardInfo?.entity.id || (next && cardInfo && Math.abs(next.y - cardInfo.y) > 24)) {
        cardInfo = next;
        drawCard();
      }
    });
  };
  const onClick = (ev: MouseEvent): void => {
    if (ev.defaultPrevented || ev.button !== 0) return;
    const sel = doc.getSelection();
    if (sel && !sel.isCollapsed && sel.toString().trim()) return;
    const hit = index?.at(doc, ev.clientX, ev.clientY);
    if (!hit) return;
    controller.send({ open: true, focus: hit.entity.id });
  };

  const mount = (): NonNullable<typeof ui> => {
    const shadow = createShadowUi(doc);
    const sidebarMount = doc.createElement('div');
    const cardMount = doc.createElement('div');
    shadow.root.append(sidebarMount, cardMount);
    doc.addEventListener('pointermove', onMove, { passive: true });
    doc.addEventListener('click', onClick);
    return { ...shadow, sidebarMount, cardMount };
  };
  const unmount = (): void => {
    doc.removeEventListener('pointermove', onMove);
    doc.removeEventListener('click', onClick);
    if (pending) cancelAnimationFrame(pending);
    pending = 0;
    if (ui) {
      render(null, ui.sidebarMount);
      render(null, ui.cardMount);
      ui.remove();
    }
    ui = null;
    index = null;
    cardInfo = null;
  };

  const apply = (): void => {
    if (stopped) return;
    decision = decide(table, [...title, ...found.map((f) => f.zm)], words);
    const shown = found.filter((f) => opts.enabledTypes.has(f.entity.type));
    if (!decision.onTopic || !shown.length) {
      visible = [];
      layer.clear();
      unmount();
    } else {
      // Sorting tens of thousands of mentions by DOM position takes seconds: only text added later needs it.
      if (!inOrder) shown.sort(documentOrder);
      visible = shown.slice(0, MAX_HIGHLIGHTS);
      const byType = new Map<EntityType, AbstractRange[]>();
      for (const f of visible) {
        f.range ??= rangeFor(f.page, f.start, f.end);
        if (!f.range) continue;
        const list = byType.get(f.entity.type) ?? [];
        list.push(f.range);
        byType.set(f.entity.type, list);
      }
      layer.set(byType);
      index = new HitIndex(visible, nodesBetween);
      ui ??= mount();
      drawSidebar();
    }
    const report = { onTopic: decision.onTopic, entityIds: decision.onTopic ? entityIds() : [], mentionCount: visible.length, ...(decision.onTopic ? { zones: zones() } : {}) };
    const key = JSON.stringify(report);
    if (key !== lastReport) {
      lastReport = key;
      void opts.send({ type: 'report', report }).catch(() => {});
    }
  };

  let siteRule = opts.site.rule;
  const drawSidebar = (): void => {
    if (!ui) return;
    const ids = entityIds();
    render(
      h(Sidebar, {
        mentionCount: visible.length,
        entityKey: `${ids.join(',')}|${date}`,
        initiallyOpen: opts.sidebarOpen,
        pageDate: date,
        load: loadPayload,
        readerUrl: opts.readerUrl,
        openReader: (docId: string, start?: number, end?: number) => {
          void opts.send<'openReader'>({ type: 'openReader', docId, ...(start !== undefined && end !== undefined ? { start, end } : {}) }).catch(() => {});
        },
        onOpenChange: opts.onSidebarOpenChange,
        onStep: step,
        controller,
        site: { host: opts.site.host, rule: siteRule, set: opts.site.set },
      }),
      ui.sidebarMount,
    );
  };

  const watcher = new PageWatcher(doc.body, {
    ...DEFAULT_WATCH,
    ...opts.watch,
    url: () => doc.location?.href ?? '',
    ignore: (n) => host()?.contains(n) ?? false,
    onBatch: async (roots, urlChanged) => {
      try {
        await runSliced(urlChanged ? fullScan() : addRoots(roots), cancelled);
        apply();
      } catch (e) {
        if (!(e instanceof Cancelled)) throw e;
      }
    },
  });

  const ready = runSliced(fullScan(), cancelled).then(
    () => {
      apply();
      if (!stopped) watcher.start();
    },
    (e: unknown) => {
      if (!(e instanceof Cancelled)) throw e;
    },
  );

  return {
    controller,
    ready,
    decision: () => decision,
    setSiteRule: (rule) => {
      siteRule = rule;
      drawSidebar();
    },
    teardown: () => {
      stopped = true;
      watcher.stop();
      layer.clear();
      unmount();
    },
  };
}

/** Document order of two mentions (ranges in the same text node by offset). */
function documentOrder(a: Found, b: Found): number {
  if (a.startNode === b.startNode) return a.startOffset - b.startOffset;
  return a.startNode.compareDocumentPosition(b.startNode) & 4 ? -1 : 1;
}

function nodesBetween(r: HitRange): Node[] {
  if (r.startNode === r.endNode) return [r.startNode];
  const out: Node[] = [];
  const doc = r.startNode.ownerDocument!;
  const walker = doc.createTreeWalker(doc.body ?? doc.documentElement, NodeFilter.SHOW_TEXT);
  walker.currentNode = r.startNode;
  let n: Node | null = r.startNode;
  while (n) {
    out.push(n);
    if (n === r.endNode) break;
    n = walker.nextNode();
  }
  return out;
}
