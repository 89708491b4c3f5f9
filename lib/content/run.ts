/**
 * The content script's work on one page, wired from entrypoints/content: scan, decide, and only when the page is
 * on topic, highlight and mount the sidebar. Every change it makes is undone by the returned teardown.
 */
import { h, render } from 'preact';
import { rangeFor } from '../dom/collect';
import { HitIndex, type HitRange } from '../dom/hit-test';
import { registerHighlights, type HighlightStyle } from '../dom/highlights';
import { Matcher } from '../match/matcher';
import type { EntityType, MatcherTable } from '../match/types';
import type { Send } from '../messages';
import { scanDocument, pageMentions, type PageScan } from '../scan';
import { t } from '../i18n';
import { createShadowUi, HOST_TAG } from '../ui/shadow';
import { Sidebar, SidebarController } from '../ui/sidebar';
import type { ReaderUrl } from '../ui/story';
import { HoverCard, type CardInfo } from '../ui/hover-card';

export interface RunOptions {
  doc: Document;
  table: MatcherTable;
  send: Send;
  readerUrl: ReaderUrl;
  highlightStyle: HighlightStyle;
  enabledTypes: Set<EntityType>;
  sidebarOpen: boolean;
  onSidebarOpenChange: (open: boolean) => void;
}

export interface Running {
  scan: PageScan;
  controller: SidebarController | null;
  teardown: () => void;
}

interface MentionRange extends HitRange {
  entityId: string;
  index: number;
}

export function runOnPage(opts: RunOptions): Running {
  const { doc } = opts;
  const matcher = new Matcher(opts.table);
  const scan = scanDocument(doc, matcher, doc.querySelector(HOST_TAG));
  const undo: Array<() => void> = [];
  const mentions = pageMentions(scan).filter((m) => opts.enabledTypes.has(opts.table.entities[m.entity]!.type));
  const entityIds = [...new Set(mentions.map((m) => opts.table.entities[m.entity]!.id))];
  void opts.send({ type: 'report', report: { onTopic: scan.decision.onTopic, entityIds: scan.decision.onTopic ? entityIds : [], mentionCount: scan.decision.onTopic ? mentions.length : 0 } }).catch(() => {});
  if (!scan.decision.onTopic || mentions.length === 0) return { scan, controller: null, teardown: () => {} };

  const byType = new Map<EntityType, AbstractRange[]>();
  const hitRanges: MentionRange[] = [];
  mentions.forEach((m, index) => {
    const range = rangeFor(scan.page, m.start, m.end);
    if (!range) return;
    const e = opts.table.entities[m.entity]!;
    const list = byType.get(e.type) ?? [];
    list.push(range);
    byType.set(e.type, list);
    hitRanges.push({ startNode: range.startContainer, startOffset: range.startOffset, endNode: range.endContainer, endOffset: range.endOffset, entityId: e.id, index });
  });
  undo.push(registerHighlights(doc, byType, opts.highlightStyle));

  const ui = createShadowUi(doc);
  undo.push(() => {
    render(null, ui.root);
    ui.remove();
  });
  const controller = new SidebarController();
  const sidebarMount = doc.createElement('div');
  const cardMount = doc.createElement('div');
  ui.root.append(sidebarMount, cardMount);

  let cursor = -1;
  const step = (dir: 1 | -1, entityId: string | null): void => {
    const pool = entityId ? hitRanges.filter((r) => r.entityId === entityId) : hitRanges;
    if (!pool.length) return;
    let i = dir === 1 ? pool.findIndex((r) => r.index > cursor) : pool.findLastIndex((r) => r.index < cursor);
    if (i === -1) i = dir === 1 ? 0 : pool.length - 1;
    const target = pool[i]!;
    cursor = target.index;
    const range = doc.createRange();
    range.setStart(target.startNode, target.startOffset);
    range.setEnd(target.endNode, target.endOffset);
    const el = target.startNode.parentElement;
    el?.scrollIntoView({ block: 'center', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    const sel = doc.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
  };

  const pageDate = scan.date;
  render(
    h(Sidebar, {
      mentionCount: mentions.length,
      initiallyOpen: opts.sidebarOpen,
      pageDate,
      load: () => opts.send<'payload'>({ type: 'payload', entityIds, pageDate }),
      readerUrl: opts.readerUrl,
      onOpenChange: opts.onSidebarOpenChange,
      onStep: step,
      controller,
    }),
    sidebarMount,
  );

  // Hover card and click-to-focus, hit-tested against the registered ranges.
  const index = new HitIndex(hitRanges, (r) => nodesBetween(r));
  const names = new Map(opts.table.entities.map((e) => [e.id, e]));
  let cardInfo: CardInfo | null = null;
  const drawCard = (): void => render(cardInfo ? h(HoverCard, cardInfo) : null, cardMount);
  let pending = 0;
  const onMove = (ev: PointerEvent): void => {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      const hit = index.at(doc, ev.clientX, ev.clientY);
      const next = hit ? { entity: names.get(hit.entityId)!, x: ev.clientX, y: ev.clientY, count: hitRanges.filter((r) => r.entityId === hit.entityId).length, hint: t('cardHint') } : null;
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
    const hit = index.at(doc, ev.clientX, ev.clientY);
    if (!hit) return;
    controller.send({ open: true, focus: hit.entityId });
  };
  doc.addEventListener('pointermove', onMove, { passive: true });
  doc.addEventListener('click', onClick);
  undo.push(() => {
    doc.removeEventListener('pointermove', onMove);
    doc.removeEventListener('click', onClick);
    if (pending) cancelAnimationFrame(pending);
  });

  return {
    scan,
    controller,
    teardown: () => {
      for (const u of undo.reverse()) u();
    },
  };
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
