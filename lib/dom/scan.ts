/**
 * What Backstory does with a page, short of drawing: collect its text, match the gazetteer, decide whether it
 * is on topic. The content script and `npm run scan` both call this, so the CLI reports exactly what the
 * extension would do. The work is a resumable walk (`scanSteps`): the CLI runs it to the end at once
 * (`scanDocument`); the content script runs the same steps in short tasks (`runSliced`, lib/content/run.ts) so
 * that a page with hundreds of thousands of text nodes never blocks the tab. Both give the same result.
 */
import { collectSteps, nodeIndexAt, runToEnd, type CollectOptions, type PageText } from './collect';
import { pageDateSteps } from './page-date';
import type { Matcher } from '../match/matcher';
import type { Mention } from '../match/types';
import { countWords, decideSteps, type TopicDecision, type ZonedMention } from '../topic/gate';
import type { TextLike } from '../text/pieces';

export interface PageScan {
  page: PageText;
  mentions: ZonedMention[];
  decision: TopicDecision;
  date: string | null;
  /** Words in the collected text (the gate's density). */
  words: number;
}

/**
 * Characters per slice: slices end at a line break, so no word is cut. Words are counted per slice (each rounds
 * its unspaced CJK characters up to whole words), so this size is part of the density the gate decides on.
 */
const SLICE = 32_768;
/**
 * Characters matched per step, within a slice, also cut at line breaks: a whole slice made steps of 30 ms and
 * more on a page dense with names (the 200,000-node synthetic page, under load). Steps are run several to a task
 * anyway (runSliced), so smaller ones cost little but the yields. The mentions are the same whatever the size.
 */
export const MATCH_STEP = 8192;
/** Mentions given their zone per step. */
const ZONE_STEP = 10_000;

/**
 * Matches `text` (a string, or a page's text in pieces: lib/text/pieces.ts) step by step (yielding between steps of
 * `step` characters) and counts its words. With a `limit`,
 * matching stops after the step that finds the limit-th mention, while the words are still counted to the end;
 * `matchedTo` says how far the text was matched (`matchRange` goes on from there).
 */
export function* matchSteps(matcher: Matcher, text: TextLike, step = MATCH_STEP, limit = Infinity): Generator<void, { mentions: Mention[]; words: number; matchedTo: number }, void> {
  const mentions: Mention[] = [];
  let words = 0;
  let matchedTo = 0;
  for (let from = 0; from < text.length; ) {
    const to = lineEnd(text, from, SLICE, text.length);
    words += countWords(text.slice(from, to));
    if (mentions.length < limit) matchedTo = yield* matchRange(matcher, text, from, to, step, mentions, limit);
    else yield;
    from = to;
  }
  return { mentions, words, matchedTo };
}

/**
 * Matches `text` from `from` to `to` in steps of `step` characters cut at line breaks (a yield after each), adding
 * the mentions, at page offsets, to `into` until it holds `limit`; returns where it stopped.
 */
export function* matchRange(matcher: Matcher, text: TextLike, from: number, to: number, step: number, into: Mention[], limit = Infinity): Generator<void, number, void> {
  let at = from;
  while (at < to && into.length < limit) {
    const end = lineEnd(text, at, step, to);
    // The matcher's mentions are new objects: moved to page offsets in place (a huge page has 100,000s).
    for (const m of matcher.match(text.slice(at, end))) {
      m.start += at;
      m.end += at;
      into.push(m);
    }
    at = end;
    yield;
  }
  return at;
}

/** Where a piece of `text` from `from` of at least `size` characters ends: at the next line break, or `limit`. */
function lineEnd(text: TextLike, from: number, size: number, limit: number): number {
  if (from + size >= limit) return limit;
  const at = text.indexOf('\n', from + size);
  return at === -1 || at > limit ? limit : at;
}

/** Attaches the zone of its text node to each mention. */
export function zoneMentions(page: PageText, mentions: Mention[]): ZonedMention[] {
  return runToEnd(zoneSteps(page, mentions, []));
}

/** `zoneMentions` as a resumable walk, appending to `into` (a huge page has 100,000s: one go was a long task). */
export function* zoneSteps(page: PageText, mentions: Mention[], into: ZonedMention[]): Generator<void, ZonedMention[], void> {
  for (let i = 0; i < mentions.length; i++) {
    if (i > 0 && i % ZONE_STEP === 0) yield;
    const m = mentions[i]!;
    into.push({ ...m, zone: page.zones[nodeIndexAt(page, m.start)]! });
  }
  return into;
}

/** The document title, when the page's own <h1> does not repeat it (then it would count twice). */
export function titleText(doc: Document): string {
  const h1 = doc.querySelector('h1')?.textContent?.trim() ?? '';
  return doc.title && !h1.includes(doc.title.trim()) ? doc.title : '';
}

/** Mentions in the title tag; they have no place on the page (start and end are -1). */
export function titleMentions(doc: Document, matcher: Matcher): ZonedMention[] {
  return matcher.match(titleText(doc)).map((m) => ({ ...m, start: -1, end: -1, zone: 'title' as const }));
}

/** The whole scan as a resumable walk. */
export function* scanSteps(doc: Document, matcher: Matcher, exclude: Element | null = null): Generator<void, PageScan, void> {
  const options: CollectOptions = { exclude };
  const page = yield* collectSteps(doc.body, options);
  const { mentions: found, words } = yield* matchSteps(matcher, page.text);
  const mentions = yield* zoneSteps(page, found, titleMentions(doc, matcher));
  const decision = yield* decideSteps(matcher.table, mentions, words);
  // The date's queries walk the whole document: steps of their own.
  yield;
  const date = yield* pageDateSteps(doc);
  return { page, mentions, decision, date, words };
}

export function scanDocument(doc: Document, matcher: Matcher, exclude: Element | null = null): PageScan {
  return runToEnd(scanSteps(doc, matcher, exclude));
}

/** Thrown by `runSliced` when the work was cancelled between two slices. */
export class Cancelled extends Error {
  override name = 'Cancelled';
}

/**
 * Resolves in a new task, soon: a MessageChannel message, an ordinary task that waits its turn behind the page's
 * own (its timers, its input, its loading). Not `setTimeout(0)`: browsers clamp a timer set from within a timer's
 * task, nested five deep, to 4 ms, so a long walk in slices would idle 4 ms between every two of them. Not
 * `scheduler.yield()`: its continuation goes ahead of the page's ordinary tasks, so a long scan starved the page's
 * own clock (lifecycle.e2e.ts: 2 ticks of a 5 ms interval in a 312 ms scan) and, with the CPU throttled, its loading.
 */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'function') {
    return new Promise<void>((ok) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        ok();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise<void>((ok) => setTimeout(ok, 0));
}

/**
 * Resolves in a task after the browser's next frame (its rendering), so that a change made then is rendered apart
 * from the changes made before; after `timeoutMs` where no frame comes (a hidden tab renders none).
 */
export function afterFrame(doc: Document, timeoutMs = 100): Promise<void> {
  const view = doc.defaultView;
  if (typeof view?.requestAnimationFrame !== 'function') return nextTask();
  return new Promise<void>((ok) => {
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      view.cancelAnimationFrame(frame);
      ok();
    };
    // A task posted from a frame's callback runs once that frame is rendered.
    const frame = view.requestAnimationFrame(() => void nextTask().then(finish));
    const timer = setTimeout(finish, timeoutMs);
  });
}

/**
 * When the current task's sliced work began (-1: none yet in this task). Several sliced walks run one after the
 * other in one task (the scan's last slice, then the decision's first, each awaited: a microtask, not a new task)
 * share one budget: each with a budget of its own made one long task of several on a huge page.
 */
let taskStart = -1;
let endPosted = false;

/** Forgets the start of a task's sliced work: the task has ended (a timer posted in it, `taskClock`). */
export function endOfTask(): void {
  endPosted = false;
  taskStart = -1;
}

/** The start of the current task's sliced work, noted on first use, forgotten once the task has ended. */
function taskClock(): number {
  if (taskStart < 0) {
    taskStart = performance.now();
    if (!endPosted) {
      endPosted = true;
      // A task posted now runs after this one: by then this task's work is over. A timer, not `nextTask`: a page's
      // first MessageChannel costs the cold path of every small page more than its whole side check, and a late
      // timer (a hidden tab) only makes a later walk yield once at its start.
      setTimeout(endOfTask, 0);
    }
  }
  return taskStart;
}

/** Yields to the browser (`nextTask`) when the sliced work of this task has used up `budgetMs`. */
export async function yieldIfDue(budgetMs = SLICE_MS): Promise<void> {
  if (performance.now() - taskClock() > budgetMs) await newTask();
}

/** A new task, noted as the start of its sliced work. */
async function newTask(): Promise<void> {
  await nextTask();
  taskStart = -1;
  taskClock();
}

/** The budget of a task's sliced work, in milliseconds. */
export const SLICE_MS = 8;

/**
 * Runs a resumable walk in tasks of about `budgetMs`, yielding to the browser between them (`nextTask`), so that
 * no task is long (the page stays responsive to input). The budget is the task's: walks run one after the other in
 * one task share it (`taskClock`). Stops with `Cancelled` when `cancelled()` says so. `onSlice` hears the length of
 * each slice in milliseconds (the benchmark's longest-task figure).
 */
export async function runSliced<T>(gen: Generator<void, T, void>, cancelled: () => boolean, budgetMs = SLICE_MS, onSlice?: (ms: number) => void): Promise<T> {
  taskClock();
  let started = performance.now();
  for (;;) {
    const r = gen.next();
    if (r.done) {
      onSlice?.(performance.now() - started);
      return r.value;
    }
    const now = performance.now();
    if (now - taskClock() > budgetMs) {
      onSlice?.(now - started);
      await newTask();
      if (cancelled()) throw new Cancelled();
      started = performance.now();
    }
  }
}

/** Page mentions only (title-tag mentions have no place on the page). */
export function pageMentions(scan: PageScan): ZonedMention[] {
  return scan.mentions.filter((m) => m.start >= 0);
}
