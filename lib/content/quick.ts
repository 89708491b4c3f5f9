/**
 * The quick reject, the content script every page runs (DESIGN.md, "the cold path"): one pass over the page's
 * text with the side check (lib/match/sides.ts), no matcher. A page that may name both sides is handed on
 * (`onPass`: the background injects the page script, lib/content/run.ts); any other page is left, with only a
 * throttled mutation watcher (lib/content/watch.ts) that checks text added later for a side's name and, on one,
 * runs the pass again (and a URL change, SPA navigation, runs it again too).
 */
import { collectSteps, contextOf } from '../dom/collect';
import { runSliced, titleText, Cancelled } from '../dom/scan';
import { sideSteps, type SideCheck } from '../match/sides';
import { DEFAULT_WATCH, PageWatcher, type WatchOptions } from './watch';

/** Whether the page (title and the text the collector reads) may name both sides. */
export function* quickSteps(doc: Document, check: SideCheck, exclude: Element | null = null): Generator<void, boolean, void> {
  const page = yield* collectSteps(doc.body, { exclude, lead: false, textOnly: true, pieces: true });
  const named = yield* sideSteps(check, page.pieces ?? [], `${titleText(doc)}\n`);
  return named.russia && named.iran;
}

/** Whether any of these subtrees (or text nodes), as the collector reads them, may name a side. */
export function* namesASide(check: SideCheck, roots: Node[], exclude: Element | null = null): Generator<void, boolean, void> {
  for (const root of roots) {
    const where = !root.isConnected ? null : root.nodeType === 3 ? root.parentElement && contextOf(root.parentElement, exclude) : contextOf(root as Element, exclude);
    if (!where) continue;
    const text = root.nodeType === 3 ? (root as Text).data : (yield* collectSteps(root as Element, { exclude, zone: where.zone, inArticle: where.inArticle, lead: false, textOnly: true })).text;
    const named = yield* sideSteps(check, text);
    if (named.russia || named.iran) return true;
  }
  return false;
}

export interface QuickOptions {
  doc: Document;
  check: SideCheck;
  /** The page may be on topic: hand it on (called once; the quick reject stops then). */
  onPass: () => void;
  /** The page cannot be on topic (after the first pass, and after each pass again that says so). */
  onReject: () => void;
  /** Overrides of the watcher's throttle (tests). */
  watch?: Partial<Pick<WatchOptions, 'intervalMs' | 'maxIntervalMs' | 'backoffAfter' | 'maxRoots'>>;
}

export interface Quick {
  /** Resolves with the first pass's answer. */
  ready: Promise<boolean>;
  /** Stops the watcher and any pass under way. */
  undo: () => void;
}

export function runQuick(opts: QuickOptions): Quick {
  const { doc, check } = opts;
  let stopped = false;
  const cancelled = (): boolean => stopped;
  const pass = async (): Promise<boolean> => {
    const ok = await runSliced(quickSteps(doc, check), cancelled);
    if (stopped) return ok;
    if (ok) {
      stop();
      opts.onPass();
    } else opts.onReject();
    return ok;
  };
  const watcher = new PageWatcher(doc.body, {
    ...DEFAULT_WATCH,
    ...opts.watch,
    url: () => doc.location?.href ?? '',
    onBatch: async (roots, urlChanged) => {
      try {
        if (urlChanged || (await runSliced(namesASide(check, roots), cancelled))) await pass();
      } catch (e) {
        if (!(e instanceof Cancelled)) throw e;
      }
    },
  });
  const stop = (): void => {
    stopped = true;
    watcher.stop();
  };
  const ready = pass().then(
    (ok) => {
      if (!ok && !stopped) watcher.start();
      return ok;
    },
    (e: unknown) => {
      if (e instanceof Cancelled) return false;
      throw e;
    },
  );
  return { ready, undo: stop };
}
