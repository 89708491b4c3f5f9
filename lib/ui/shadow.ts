/**
 * The one element Backstory adds to a page: a shadow host appended to <html> (so <body> stays untouched), with a
 * page-proof style scope. Styles go in as a constructed stylesheet (not blocked by a strict style-src),
 * with a <style> fallback where adoption is unavailable.
 */
import { UI_CSS } from './styles';

export const HOST_TAG = 'backstory-root';

export interface ShadowUi {
  host: HTMLElement;
  root: ShadowRoot;
  remove: () => void;
}

export function createShadowUi(doc: Document): ShadowUi {
  for (const old of doc.querySelectorAll(HOST_TAG)) old.remove();
  const host = doc.createElement(HOST_TAG);
  // No style attribute on the host: a page's strict style-src would block it. `:host` rules style it instead.
  const root = host.attachShadow({ mode: 'open' });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(UI_CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = doc.createElement('style');
    style.textContent = UI_CSS;
    root.append(style);
  }
  doc.documentElement.append(host);
  return { host, root, remove: () => host.remove() };
}
