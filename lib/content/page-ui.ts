/**
 * Backstory's interface on an on-topic page: the shadow host with the tab and the hover card, the sidebar's frame
 * (an extension page, lib/platform/sidebar-frame.tsx, in a closed shadow root: the page can neither read it nor
 * reach it), the pointer and click listeners on the document, and stepping through the mentions. `mountPageUi`
 * adds all of it; the returned `undo` removes all of it. Plain DOM: no UI library is parsed on the page.
 */
import { HitIndex, type HitRange } from '../dom/hit-test';
import { t } from '../i18n';
import type { PageInput, Send, SidebarAction, SidebarPayload, SidebarPush, SidebarReply, SidebarView } from '../messages';
import type { SiteRule } from '../settings';
import { hoverCard, type CardInfo } from '../ui/hover-card';
import { closedSlot, createShadowUi } from '../ui/shadow';
import type { Found } from './mentions';

/** What opens, closes or focuses the sidebar from the page's side (keyboard command, click on a highlight). */
export interface SidebarCommand {
  open?: boolean;
  toggle?: boolean;
  /** An entity to show alone (null: all). */
  focus?: string | null;
}

export interface PageUiOptions {
  doc: Document;
  send: Send;
  /** The sidebar frame's address for a token (the extension's sidebar.html#token). */
  frameUrl: (token: string) => string;
  /** Tells the sidebar frame its view changed (runtime messaging: it reaches extension pages, never the page). */
  notify: (push: SidebarPush) => void;
  sidebarOpen: boolean;
  onSidebarOpenChange: (open: boolean) => void;
  site: { host: string; rule: SiteRule | null; set: (rule: SiteRule | null) => void };
}

export interface PageUi {
  /** Shows these mentions (document order) of a page dated `date`. */
  draw: (visible: Found[], date: string | null, page?: () => PageInput) => void;
  setSiteRule: (rule: SiteRule | null) => void;
  command: (cmd: SidebarCommand) => void;
  /** An action from the sidebar frame: answered when `token` is this page's sidebar, else null. */
  action: (token: string, action: SidebarAction) => SidebarReply | null;
  undo: () => void;
}

/** 128 random bits, hex: the sidebar frame's token (in its URL inside the closed root, so no page script sees it). */
function newToken(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function mountPageUi(opts: PageUiOptions): PageUi {
  const { doc } = opts;
  let visible: Found[] = [];
  let date: string | null = null;
  let pageInput: (() => PageInput) | undefined;
  let index: HitIndex<Found> | null = null;
  let cursor = -1;
  let payload: { key: string; promise: Promise<SidebarPayload>; value: SidebarPayload | null } | null = null;
  let cardInfo: CardInfo | null = null;
  let pending = 0;
  let siteRule = opts.site.rule;
  let focus: string | null = null;
  let focusSeq = 0;
  const token = newToken();
  let frame: { remove: () => void } | null = null;

  const shadow = createShadowUi(doc);
  const tab = doc.createElement('button');
  tab.type = 'button';
  tab.className = 'bs-tab';
  tab.dataset.testid = 'tab';
  tab.setAttribute('aria-expanded', 'false');
  const count = doc.createElement('span');
  count.className = 'bs-count';
  const spoken = doc.createElement('span');
  spoken.className = 'bs-sr';
  // The accessible name starts with the visible text ("Backstory 12"), as speech input expects.
  tab.append(Object.assign(doc.createElement('span'), { textContent: t('extName') }), ' ', count, spoken);
  const cardMount = doc.createElement('div');
  shadow.root.append(cardMount);

  const entityIds = (): string[] => [...new Set(visible.map((f) => f.entity.id))];
  const view = (): SidebarView => ({
    mentionCount: visible.length,
    entityIds: entityIds(),
    pageDate: date,
    // The page's own address too: the frame's requests carry the frame's address, not the page's.
    ...(pageInput ? { page: { ...pageInput(), address: doc.location?.href ?? '' } } : {}),
    host: opts.site.host,
    rule: siteRule,
    focus,
    focusSeq,
  });
  const push = (): void => {
    if (frame) opts.notify({ type: 'sidebarPush', token, view: view() });
  };

  const loadPayload = (): Promise<SidebarPayload> => {
    const ids = entityIds();
    const key = `${ids.join(',')}|${date}`;
    if (payload?.key !== key) {
      const entry: NonNullable<typeof payload> = { key, value: null, promise: opts.send<'payload'>({ type: 'payload', entityIds: ids, pageDate: date, ...(pageInput ? { page: pageInput() } : {}) }) };
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
      // Counted over the whole ranking (a big library's payload carries only the best items).
      events: known ? (known.counts[id]?.[0] ?? 0) : null,
      claims: known ? (known.counts[id]?.[1] ?? 0) : null,
    };
  };
  const drawCard = (): void => {
    if (cardInfo) {
      const f = visible.find((r) => r.entity.id === cardInfo!.entity.id);
      if (f) cardInfo = cardFor(f, cardInfo.x, cardInfo.y);
    }
    cardMount.replaceChildren(...(cardInfo ? [hoverCard(doc, cardInfo)] : []));
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

  /** Opens the frame (focused when the reader asked for it) or closes it (focus back on the tab when it was inside). */
  const setOpen = (open: boolean, byReader: boolean): void => {
    if (open === !!frame) return;
    if (open) {
      const iframe = doc.createElement('iframe');
      iframe.src = opts.frameUrl(token);
      iframe.title = t('sidebarLabel');
      tab.remove();
      frame = closedSlot(doc, shadow.root, iframe);
      // Focus moves into the frame once its page has loaded (focused before, the frame's new document would not
      // have it); the frame then focuses its panel.
      if (byReader) iframe.addEventListener('load', () => iframe.focus(), { once: true });
    } else {
      const focusWasInside = doc.activeElement === shadow.host;
      frame?.remove();
      frame = null;
      shadow.root.prepend(tab);
      if (byReader || focusWasInside) tab.focus();
    }
    // Remembered per site when the reader opens or closes it (not when it opens by itself).
    if (byReader) opts.onSidebarOpenChange(open);
  };
  tab.addEventListener('click', () => setOpen(true, true));

  // Over Backstory's own tab or card, the text below is not under the pointer (Firefox's hit-testing
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
  const command = (cmd: SidebarCommand): void => {
    if (cmd.focus !== undefined) {
      focus = cmd.focus;
      focusSeq++;
    }
    if (cmd.toggle) setOpen(!frame, true);
    else if (cmd.open !== undefined) setOpen(cmd.open, true);
    push();
  };
  const onClick = (ev: MouseEvent): void => {
    if (ev.defaultPrevented || ev.button !== 0) return;
    const sel = doc.getSelection();
    if (sel && !sel.isCollapsed && sel.toString().trim()) return;
    const hit = overUi(ev) ? null : index?.at(doc, ev.clientX, ev.clientY);
    if (!hit) return;
    command({ open: true, focus: hit.entity.id });
  };
  doc.addEventListener('pointermove', onMove, { passive: true });
  doc.addEventListener('click', onClick);

  const drawTab = (): void => {
    count.textContent = String(visible.length);
    spoken.textContent = ` ${t('tabMentions', visible.length)}`;
  };
  shadow.root.prepend(tab);
  if (opts.sidebarOpen) setOpen(true, false);

  return {
    draw: (next, nextDate, page) => {
      visible = next;
      pageInput = page;
      date = nextDate;
      index = new HitIndex(visible, nodesBetween);
      drawTab();
      push();
    },
    setSiteRule: (rule) => {
      siteRule = rule;
      push();
    },
    command,
    action: (from, action) => {
      if (from !== token || !frame) return null;
      if (action.do === 'close') setOpen(false, true);
      else if (action.do === 'step') step(action.dir, action.entityId);
      else if (action.do === 'site') opts.site.set(action.rule);
      return { ok: true, view: view() };
    },
    undo: () => {
      doc.removeEventListener('pointermove', onMove);
      doc.removeEventListener('click', onClick);
      if (pending) cancelAnimationFrame(pending);
      pending = 0;
      frame?.remove();
      frame = null;
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
