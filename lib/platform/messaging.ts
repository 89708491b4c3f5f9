/** The runtime messaging as a typed `Send`, and the background → content commands. */
import { browser } from 'wxt/browser';
import { parseSidebarAction, type Send, type SidebarAction } from '../messages';

export const send: Send = (req) => browser.runtime.sendMessage(req);

/** Messages the background sends to a tab's content script. */
export type TabCommand =
  | { type: 'command'; name: 'toggle-sidebar' }
  | { type: 'command'; name: 'get-selection' }
  /** The page's HTML, address, language and content type, for the reader's library: only when the reader adds it. */
  | { type: 'command'; name: 'snapshot' }
  /** A sidebar frame's action, relayed to every frame of its tab: only the content script holding `token` answers. */
  | { type: 'command'; name: 'sidebar'; token: string; action: SidebarAction };

export function parseTabCommand(msg: unknown): TabCommand | null {
  if (typeof msg !== 'object' || msg === null) return null;
  const m = msg as Record<string, unknown>;
  if (m.type !== 'command') return null;
  if (m.name === 'toggle-sidebar' || m.name === 'get-selection' || m.name === 'snapshot') return { type: 'command', name: m.name };
  if (m.name === 'sidebar') {
    const action = parseSidebarAction(m.action);
    return typeof m.token === 'string' && action ? { type: 'command', name: 'sidebar', token: m.token, action } : null;
  }
  return null;
}

export function readerUrl(docId: string, start?: number, end?: number): string {
  const params = new URLSearchParams({ doc: docId });
  if (start !== undefined && end !== undefined) {
    params.set('start', String(start));
    params.set('end', String(end));
  }
  return `${browser.runtime.getURL('/reader.html')}#${params.toString()}`;
}
