/**
 * Where the library's work runs: extraction (needs a DOMParser), analysis and storage. In Chromium that is an
 * offscreen document (entrypoints/offscreen), so that the service worker answering the sidebar is never blocked
 * and the lexicons and gazetteer stay set up between additions; in Firefox the background page itself, which has
 * a DOM. The background hands it jobs (`libraryJob` messages in Chromium, a direct call in Firefox).
 */
import { browser } from 'wxt/browser';
import type { IndexDocument } from '../index/types';
import type { LibraryItem } from '../library/analyse';
import { bundledPipeline } from '../library/bundled-pipeline';
import { LibraryEngine } from '../library/engine';
import { LibraryError, type LibraryErrorCode } from '../library/errors';
import type { PageSnapshot } from '../library/extract';
import { LibraryStore } from '../library/store';
import { fromOwnExtension } from '../messages';

export type LibraryJob = { do: 'add'; snapshot: PageSnapshot } | { do: 'import'; text: string; name: string };

export type LibraryJobResult =
  | { ok: true; added: Array<{ item: LibraryItem; doc: IndexDocument }>; skipped: number; generation: number }
  | { ok: false; code: LibraryErrorCode; detail: string };

let engine: Promise<LibraryEngine> | null = null;

function getEngine(): Promise<LibraryEngine> {
  engine ??= LibraryStore.open().then((store) => new LibraryEngine(store, bundledPipeline(), (html) => new DOMParser().parseFromString(html, 'text/html')));
  return engine;
}

export async function runLibraryJob(job: LibraryJob): Promise<LibraryJobResult> {
  try {
    const e = await getEngine();
    if (job.do === 'add') {
      const r = await e.addPage(job.snapshot);
      return { ok: true, added: [{ item: r.item, doc: r.doc }], skipped: 0, generation: r.generation };
    }
    const r = await e.importFile(job.text, job.name);
    return { ok: true, added: r.added.map((a) => ({ item: a.item, doc: a.doc })), skipped: r.skipped, generation: r.generation };
  } catch (err) {
    if (err instanceof LibraryError) return { ok: false, code: err.code, detail: err.detail };
    return { ok: false, code: 'storage', detail: err instanceof Error ? err.message : String(err) };
  }
}

function parseJob(msg: unknown): LibraryJob | null {
  const m = typeof msg === 'object' && msg !== null ? (msg as Record<string, unknown>) : null;
  const j = m?.type === 'libraryJob' && typeof m.job === 'object' && m.job !== null ? (m.job as Record<string, unknown>) : null;
  if (!j) return null;
  if (j.do === 'import' && typeof j.text === 'string' && typeof j.name === 'string') return { do: 'import', text: j.text, name: j.name };
  const s = j.snapshot as Record<string, unknown> | undefined;
  if (j.do === 'add' && s && typeof s.url === 'string' && typeof s.html === 'string' && typeof s.lang === 'string' && typeof s.contentType === 'string') {
    return { do: 'add', snapshot: { url: s.url, html: s.html, lang: s.lang, contentType: s.contentType } };
  }
  return null;
}

/** The offscreen document's wiring: answers the background's jobs, and sets the pipeline up at once (warm). */
export function startLibraryWorker(): void {
  browser.runtime.onMessage.addListener((msg: unknown, sender: { id?: string }) => {
    if (!fromOwnExtension(sender, browser.runtime.id)) return undefined;
    const job = parseJob(msg);
    return job ? runLibraryJob(job) : undefined;
  });
  void getEngine();
}
