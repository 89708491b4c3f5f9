/**
 * Backstory's interface on an on-topic page: the shadow host with the sidebar and the hover card, the pointer and
 * click listeners on the document, and stepping through the mentions. `mountPageUi` adds all of it; the returned
 * `undo` removes all of it.
 */
import { h, render } from 'preact';
import { HitIndex, type HitRange } from '../dom/hit-test';
import type { Send, SidebarPayload } from '../messages';
import type { SiteRule } from '../settings';
import { createShadowUi } from '../ui/shadow';
import { Sidebar, type SidebarController } from '../ui/sidebar';
import type { ReaderUrl } from '../ui/story';
import { HoverCard, type CardInfo } from '../ui/hover-card';
import type { Found } from './mentions';

export interface PageUiOptions {
  doc: Document;
  send: Send;
  readerUrl: ReaderUrl;
  sidebarOpen: boolean;
  onSidebarOpenChange: (open: boolean) => void;
  site: { host: string; rule: SiteRule | null; set: (rule: SiteRule | null) => void };
  controller: SidebarController;
}

export interface PageUi {
  /** Shows these mentions (document order) of a page dated `date`. */
  draw: (visible: Found[], date: string | null) => void;
  setSiteRule: (rule: SiteRule | null) => void;
  undo: () => void;
}

export function mountPageUi(opts: PageUiOptions): PageUi {
  const { doc, controller } = opts;
  let visible: Found[] = [];
  let date: string | null = null;
  let index: HitIndex<Found> | null = null;
  let cursor = -1;
  let payload: { key: string; promise: Promise<SidebarPayload>; value: SidebarPayload | null } | null = null;
  let cardInfo: CardInfo | null = null;
  let pending = 0;
  let siteRule = opts.site.rule;

  const shadow = createShadowUi(doc);
  const sidebarMount = doc.createElement('div');
  const cardMount = doc.createElement('div');
  shadow.root.append(sidebarMount, cardMount);

  const entityIds = (): string[] => [...new Set(visible.map((f) => f.entity.id))];
  const loadPayload = (): Promise<SidebarPayload> => {
    const ids = entityIds();
    const key = `${ids.join(',')}|${date}`;
    if (payload?.key !== key) {
      const entry: NonNullable<typeof payload> = { key, value: null, promise: opts.send<'payload'>({ type: 'payload', entityIds: ids, pageDate: date }) };
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
    if (cardInfo) {
      const f = visible.find((r) => r.entity.id === cardInfo!.entity.id);
      if (f) cardInfo = cardFor(f, cardInfo.x, cardInfo.y);
    }
    render(cardInfo ? h(HoverCard, cardInfo) : null, cardMount);
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

  // Over Backstory's own tab, sidebar or card, the text below is not under the pointer (Firefox's hit-testing
  // from a content script looks through the shadow host to the page text).
  const overUi = (ev: Event): boolean => ev.target === shadow.host;
  const onMove = (ev: PointerEvent): void => {
    const over = overUi(ev); // read now: an event's target is cleared once its dispatch from a shadow root ends
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      const hit = over ? null : (index?.at(doc, ev.clientX, ev.clientY) ?? null);
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
    const hit = overUi(ev) ? null : index?.at(doc, ev.clientX, ev.clientY);
    if (!hit) return;
    controller.send({ open: true, focus: hit.entity.id });
  };
  doc.addEventListener('pointermove', onMove, { passive: true });
  doc.addEventListener('click', onClick);

  const drawSidebar = (): void => {
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
      sidebarMount,
    );
  };

  return {
    draw: (next, nextDate) => {
      visible = next;
      date = nextDate;
      index = new HitIndex(visible, nodesBetween);
      drawSidebar();
    },
    setSiteRule: (rule) => {
      siteRule = rule;
      drawSidebar();
    },
    undo: () => {
      doc.removeEventListener('pointermove', onMove);
      doc.removeEventListener('click', onClick);
      if (pending) cancelAnimationFrame(pending);
      pending = 0;
      render(null, sidebarMount);
      render(null, cardMount);
      shadow.remove();
      index = null;
      cardInfo = null;
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
