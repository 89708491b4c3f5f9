/**
 * The content script's work on one page, wired from entrypoints/content: scan (in short slices), decide, and only
 * when the page is on topic, paint the highlights and mount the sidebar. Text added later is scanned incrementally
 * (lib/content/watch.ts); a page that stops being on topic (SPA navigation) gets everything removed again.
 *
 * Each part has one job and returns its undo: the mentions (lib/content/mentions.ts), the painter
 * (lib/content/paint.ts), the interface (lib/content/page-ui.ts), the watcher (`watchPage` below) and the report
 * to the background. The returned teardown undoes them all.
 */
import type { ZoneCounts } from '../rank/page';
import { afterFrame, Cancelled, runSliced, SLICE_MS, yieldIfDue } from '../dom/scan';
import { sectionSteps } from '../dom/sections';
import { Matcher } from '../match/matcher';
import type { PackedTable } from '../match/packed';
import { SideCheck, type SidePatterns } from '../match/sides';
import type { EntityType, MatcherTable } from '../match/types';
import type { Send, SidebarAction, SidebarPush, SidebarReply } from '../messages';
import type { Density } from '../highlight/density';
import type { TopicDecision } from '../topic/gate';
import type { HighlightStyle, SiteRule } from '../settings';
import { HOST_TAG } from '../ui/shadow';
import { PageMentions, type Found } from './mentions';
import { mountPageUi, type PageUi, type SidebarCommand } from './page-ui';
import { painter, type PaintOptions } from './paint';
import { DEFAULT_WATCH, PageWatcher, type WatchOptions } from './watch';

export interface RunOptions {
  doc: Document;
  /** The matcher's table: packed (the content script: nothing to build) or with its aliases (built in slices). */
  table: MatcherTable | PackedTable;
  /**
   * The side patterns (data/sides.json): the quick reject, run before the matcher is loaded. Without them the
   * matcher's own mentions decide it (tests that run on a table of their own).
   */
  sides?: SidePatterns;
  /**
   * The content script's quick reject let this page through just before: the first scan skips the side check
   * (re-scans and the watcher's filter still run it).
   */
  sidesPassed?: boolean;
  send: Send;
  /** The sidebar frame's address for a token (sidebar.html#token); the frame exists only while the sidebar is open. */
  frameUrl: (token: string) => string;
  /** Tells the sidebar frame that what it shows changed (defaults to nothing: no frame to tell). */
  notify?: (push: SidebarPush) => void;
  highlightStyle: HighlightStyle;
  /** Which mentions are painted and how (the gate sees them all). */
  density: Density;
  enabledTypes: Set<EntityType>;
  sidebarOpen: boolean;
  onSidebarOpenChange: (open: boolean) => void;
  /** This site's rule and how to change it (the sidebar's "never / always on this site" switch). */
  site: { host: string; rule: SiteRule | null; set: (rule: SiteRule | null) => void };
  /** Overrides of the painter's batches and of where the screen is (tests). */
  paint?: PaintOptions;
  /** Overrides of the mutation watcher's throttle and budget (tests). */
  watch?: Partial<Pick<WatchOptions, 'intervalMs' | 'maxIntervalMs' | 'backoffAfter' | 'maxRoots'>>;
  /** Hears the length of each slice of the scan and the decision, in milliseconds (the page benchmark). */
  onSlice?: (ms: number) => void;
}

export interface Running {
  /** Opens, closes or focuses the sidebar (keyboard command); nothing while the page shows none. */
  command: (cmd: SidebarCommand) => void;
  /** An action from a sidebar frame: answered when the token is this page's sidebar, else null. */
  sidebarAction: (token: string, action: SidebarAction) => SidebarReply | null;
  /** Resolves when the first scan is done, its highlights all registered (a huge page's in batches) and the tab drawn. */
  ready: Promise<void>;
  /** The latest decision, for tests and diagnostics. */
  decision: () => TopicDecision | null;
  /** Shows a changed site rule in the sidebar (a rule that does not change whether Backstory runs here). */
  setSiteRule: (rule: SiteRule | null) => void;
  teardown: () => void;
}

/**
 * A page of at least this many words is huge (a long article has 10,000; the 10 MB benchmark page 1.6 million):
 * its quiet highlights are a tint, not an underline (lib/content/paint.ts, `huge`).
 */
export const HUGE_PAGE_WORDS = 300_000;

/** Most mentions highlighted on one page; the gate still sees them all (up to 50,000). */
export const MAX_HIGHLIGHTS = 5000;

export function runOnPage(opts: RunOptions): Running {
  const { doc, table } = opts;
  const host = (): Element | null => doc.querySelector(HOST_TAG);
  // The matcher is loaded only for a page the side check lets through (an alias trie is built in slices then).
  const mentions = new PageMentions(doc, () => new Matcher(table, false), host, opts.sides ? new SideCheck(opts.sides) : null);
  const paint = painter(doc, opts.highlightStyle, opts.density, { huge: () => mentions.words >= HUGE_PAGE_WORDS, ...opts.paint });
  const report = reporter(opts.send);
  let ui: PageUi | null = null;
  let siteRule = opts.site.rule;
  let decision: TopicDecision | null = null;
  let stopped = false;
  const cancelled = (): boolean => stopped;

  const removeUi = (): void => {
    ui?.undo();
    ui = null;
  };
  /**
   * Decides on what was found so far and shows (or removes) highlights and sidebar accordingly, in short tasks (a
   * huge page has 50,000 mentions to decide on); `onDecided` hears the decision. Resolves once the highlights are
   * all registered and the sidebar's tab drawn, or with Cancelled after teardown.
   */
  const apply = async (onDecided?: () => void): Promise<void> => {
    const { visible, sections } = await runSliced(decideSteps(onDecided), cancelled, SLICE_MS, opts.onSlice);
    // What follows (the tab drawn, the highlights) in a task of its own when the decision used this one's budget.
    await yieldIfDue();
    if (stopped) throw new Cancelled();
    const onTopic = decision?.onTopic === true;
    if (!visible.length) {
      paint.undo();
      removeUi();
      report(onTopic, visible, onTopic ? mentions.zones(visible) : undefined);
      return;
    }
    const mounted = !ui;
    ui ??= mountPageUi({ ...opts, notify: opts.notify ?? (() => {}), site: { ...opts.site, rule: siteRule } });
    ui.draw(visible, mentions.date, () => mentions.pageInput(visible));
    // The highlights are registered after the frame that lays out the tab: with highlights on the page, any change
    // to its DOM makes the browser check every highlight again and repaint the page, so the two in one frame made
    // one long task on a huge page. The ones on screen are registered then, the rest in batches.
    if (mounted) await afterFrame(doc);
    else await yieldIfDue();
    if (stopped) throw new Cancelled();
    await paint.paint(visible, sections);
    report(true, visible, mentions.zones(visible));
  };
  /** The decision, the mentions to show (none off topic) and, unless painted already, their sections, in steps. */
  function* decideSteps(onDecided?: () => void): Generator<void, { visible: Found[]; sections?: number[] }, void> {
    decision = yield* mentions.decideSteps(table);
    onDecided?.();
    const visible = decision.onTopic ? yield* mentions.ofTypesSteps(opts.enabledTypes, MAX_HIGHLIGHTS) : [];
    if (!visible.length || paint.shows(visible)) return { visible };
    return { visible, sections: yield* sectionSteps(doc, visible.map((f) => f.startNode)) };
  }

  // One change at a time: the first scan and what it shows, then each batch of the watcher's, never two interleaved
  // (a scan changes the mentions that an apply under way reads).
  let queue: Promise<void> = Promise.resolve();
  const serial = (work: () => Promise<void>): Promise<void> => {
    const done = queue.then(() => {
      if (stopped) throw new Cancelled();
      return work();
    });
    queue = done.catch(() => {});
    return done;
  };

  const stopWatching = watchPage(doc, host, opts.watch, (roots, urlChanged) =>
    serial(async () => {
      await runSliced(urlChanged ? mentions.fullScan() : mentions.addRoots(roots), cancelled, SLICE_MS, opts.onSlice);
      await apply();
    }),
  );

  const ready = serial(async () => {
    await runSliced(mentions.fullScan(opts.sidesPassed), cancelled, SLICE_MS, opts.onSlice);
    // Text added while the rest is shown is seen: the watcher starts with the decision (its batches wait their turn).
    await apply(() => {
      if (!stopped) stopWatching.start();
    });
  }).catch(ignoreCancelled);

  return {
    command: (cmd) => ui?.command(cmd),
    sidebarAction: (token, action) => ui?.action(token, action) ?? null,
    ready,
    decision: () => decision,
    setSiteRule: (rule) => {
      siteRule = rule;
      ui?.setSiteRule(rule);
    },
    teardown: () => {
      stopped = true;
      stopWatching.undo();
      paint.undo();
      removeUi();
    },
  };
}

function ignoreCancelled(e: unknown): void {
  if (!(e instanceof Cancelled)) throw e;
}

/** Watches the page for text added later (started after the first scan); `undo` stops it. */
function watchPage(doc: Document, host: () => Element | null, overrides: RunOptions['watch'], onBatch: (roots: Node[], urlChanged: boolean) => Promise<void>): { start: () => void; undo: () => void } {
  const watcher = new PageWatcher(doc.body, {
    ...DEFAULT_WATCH,
    ...overrides,
    url: () => doc.location?.href ?? '',
    ignore: (n) => host()?.contains(n) ?? false,
    onBatch: (roots, urlChanged) => onBatch(roots, urlChanged).catch(ignoreCancelled),
  });
  return { start: () => watcher.start(), undo: () => watcher.stop() };
}

/** Tells the background what the page shows (the popup's "on this page"), only when that changes. */
function reporter(send: Send): (onTopic: boolean, visible: Found[], zones?: ZoneCounts) => void {
  let last = '';
  return (onTopic, visible, zones) => {
    // `zones` ranks the popup's "On this page" as the sidebar ranks the page (lib/rank).
    const report = { onTopic, entityIds: onTopic ? [...new Set(visible.map((f) => f.entity.id))] : [], mentionCount: visible.length, ...(zones ? { zones } : {}) };
    const key = JSON.stringify(report);
    if (key === last) return;
    last = key;
    void send({ type: 'report', report }).catch(() => {});
  };
}
