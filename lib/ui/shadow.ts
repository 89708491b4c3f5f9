/**
 * The one element Backstory adds to a page: a shadow host appended to <html> (so <body> stays untouched), with a
 * page-proof style scope. It holds the tab and the hover card (bundled, public facts only) in an open shadow root,
 * and the sidebar's frame inside a second, closed shadow root (`frameSlot`), so the page cannot even read the
 * frame's address. Styles go in as a constructed stylesheet (not blocked by a strict style-src), with a <style>
 * fallback where adoption is unavailable.
 */
import { FRAME_CSS, PAGE_CSS } from './page-styles';

export const HOST_TAG = 'backstory-root';

export interface ShadowUi {
  host: HTMLElement;
  root: ShadowRoot;
  remove: () => void;
}

function style(doc: Document, root: ShadowRoot, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const el = doc.createElement('style');
    el.textContent = css;
    root.append(el);
  }
}

/**
 * The host is a manual popover, shown at once: in the top layer, which the browser lays out apart from the page.
 * Appended to <html> as an ordinary box, even one of no size, it makes the browser lay out and repaint the whole
 * page in one task: 63–113 ms on the benchmark's 10 MB page (machine under load), none as a popover. Where
 * popovers are unavailable, or the page prevents showing one, the host is an ordinary box (of no size) instead.
 */
export function createShadowUi(doc: Document): ShadowUi {
  for (const old of doc.querySelectorAll(HOST_TAG)) old.remove();
  const host = doc.createElement(HOST_TAG);
  const popover = typeof host.showPopover === 'function';
  // Hidden by the browser's own popover rule until shown: appending it lays nothing out.
  if (popover) host.setAttribute('popover', 'manual');
  // No style attribute on the host: a page's strict style-src would block it. `:host` rules style it instead.
  const root = host.attachShadow({ mode: 'open' });
  style(doc, root, PAGE_CSS);
  doc.documentElement.append(host);
  if (popover) {
    try {
      host.showPopover();
    } catch {
      host.removeAttribute('popover');
    }
  }
  return { host, root, remove: () => host.remove() };
}

/**
 * An element in `parent` whose closed shadow root holds `child` (the sidebar's iframe): created from the content
 * script's isolated world, so no page script gets a reference to the root or the frame element. `remove` takes it out.
 */
export function closedSlot(doc: Document, parent: ShadowRoot, child: HTMLElement): { remove: () => void } {
  const slot = doc.createElement('div');
  const root = slot.attachShadow({ mode: 'closed' });
  style(doc, root, FRAME_CSS);
  root.append(child);
  parent.append(slot);
  return { remove: () => slot.remove() };
}
