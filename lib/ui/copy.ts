/**
 * Copying text to the clipboard from Backstory's own pages (the sidebar frame, the popup, the reader), in answer
 * to a click or key press. The asynchronous Clipboard API first; where it is refused (Chromium refuses it in a
 * cross-origin frame such as the sidebar's, whose embedding page does not delegate `clipboard-write`), the
 * older `document.execCommand('copy')` on a selected, off-screen text area of this page, which a user gesture
 * allows without any permission (Firefox accepts writeText in that frame). Never touches a web page's DOM: `doc`
 * is our page.
 */
export async function copyText(text: string, doc: Document = document): Promise<boolean> {
  const clipboard = doc.defaultView?.navigator.clipboard;
  if (clipboard?.writeText) {
    try {
      await clipboard.writeText(text);
      return true;
    } catch {
      // Refused (no focus, or the frame's permissions policy): try the fallback below.
    }
  }
  return copyBySelection(text, doc);
}

function copyBySelection(text: string, doc: Document): boolean {
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.setAttribute('aria-hidden', 'true');
  area.style.cssText = 'position:fixed;top:0;left:-9999px;opacity:0;';
  const before = doc.activeElement instanceof HTMLElement ? doc.activeElement : null;
  doc.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = doc.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  before?.focus({ preventScroll: true });
  return ok;
}
