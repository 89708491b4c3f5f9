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

export function createShadowUi(doc: Document): ShadowUi {
  for (const old of doc.querySelectorAll(HOST_TAG)) old.remove();
  const host = doc.createElement(HOST_TAG);
  // No style attribute on the host: a page's strict style-src would block it. `:host` rules style it instead.
  const root = host.attachShadow({ mode: 'open' });
  style(doc, root, PAGE_CSS);
  doc.documentElement.append(host);
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
