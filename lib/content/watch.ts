/**
 * Watches a page for text added later (infinite scroll, live blogs, SPA navigation) with a MutationObserver.
 * Throttled: changes are gathered and handed over at most once per interval, never while the previous batch is
 * still being handled. Budgeted: a batch holds at most `maxRoots` subtrees, and a page that keeps changing gets
 * a longer and longer interval (up to `maxIntervalMs`), so a page that mutates without end costs one small task
 * every few seconds, not a busy loop.
 */

export interface WatchOptions {
  /** First interval between two batches. */
  intervalMs: number;
  /** The interval doubles after this many batches in a row and stops growing here. */
  maxIntervalMs: number;
  backoffAfter: number;
  /** Most subtrees handed over in one batch; more are dropped (and counted). */
  maxRoots: number;
  /** Handles a batch: the changed subtrees (outermost only, still in the page) and whether the URL changed. */
  onBatch: (roots: Node[], urlChanged: boolean) => Promise<void>;
  /** Nodes never to report (Backstory's own UI). */
  ignore?: (node: Node) => boolean;
  /** The page's URL (SPA navigation changes it without a load). */
  url: () => string;
}

export const DEFAULT_WATCH: Pick<WatchOptions, 'intervalMs' | 'maxIntervalMs' | 'backoffAfter' | 'maxRoots'> = {
  intervalMs: 300,
  maxIntervalMs: 5000,
  backoffAfter: 8,
  maxRoots: 400,
};

export interface WatchStats {
  batches: number;
  dropped: number;
  intervalMs: number;
}

export class PageWatcher {
  private observer: MutationObserver | null = null;
  private pending = new Set<Node>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private busy = false;
  private lastUrl: string;
  private lastBatchEnd = -Infinity;
  private streak = 0;
  readonly stats: WatchStats;

  constructor(
    private readonly target: Node,
    private readonly opts: WatchOptions,
  ) {
    this.lastUrl = opts.url();
    this.stats = { batches: 0, dropped: 0, intervalMs: opts.intervalMs };
  }

  start(): void {
    if (this.observer) return;
    const MO = (this.target.ownerDocument?.defaultView ?? globalThis).MutationObserver;
    this.observer = new MO((records) => this.onRecords(records));
    this.observer.observe(this.target, { childList: true, subtree: true, characterData: true });
  }

  stop(): void {
    this.observer?.disconnect();
    this.observer = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }

  private onRecords(records: MutationRecord[]): void {
    for (const r of records) {
      if (r.type === 'characterData') this.add(r.target.parentNode);
      else for (const n of r.addedNodes) this.add(n);
    }
    this.schedule();
  }

  private add(node: Node | null): void {
    if (!node || (node.nodeType !== 1 && node.nodeType !== 3)) return;
    if (this.opts.ignore?.(node)) return;
    if (this.pending.size >= this.opts.maxRoots) {
      // Full: first forget what has left the page already (a ticking clock replaces its text each time).
      for (const n of this.pending) if (!n.isConnected) this.pending.delete(n);
      if (this.pending.size >= this.opts.maxRoots) {
        this.stats.dropped++;
        return;
      }
    }
    this.pending.add(node);
  }

  private schedule(): void {
    if (this.timer !== null || this.busy || !this.observer) return;
    if (!this.pending.size && this.opts.url() === this.lastUrl) return;
    const now = performance.now();
    // Batches that follow each other closely form a streak; a long streak stretches the interval.
    if (now - this.lastBatchEnd > 4 * this.stats.intervalMs) {
      this.streak = 0;
      this.stats.intervalMs = this.opts.intervalMs;
    }
    this.timer = setTimeout(() => void this.flush(), this.stats.intervalMs);
  }

  private async flush(): Promise<void> {
    this.timer = null;
    if (!this.observer) return;
    const url = this.opts.url();
    const urlChanged = url !== this.lastUrl;
    this.lastUrl = url;
    const roots = outermost([...this.pending].filter((n) => n.isConnected));
    this.pending.clear();
    this.busy = true;
    try {
      if (roots.length || urlChanged) await this.opts.onBatch(roots, urlChanged);
    } finally {
      this.busy = false;
      this.stats.batches++;
      this.lastBatchEnd = performance.now();
      if (++this.streak % this.opts.backoffAfter === 0) this.stats.intervalMs = Math.min(this.stats.intervalMs * 2, this.opts.maxIntervalMs);
      this.schedule();
    }
  }
}

/** Drops nodes that lie inside another node of the list. */
export function outermost(nodes: Node[]): Node[] {
  const set = new Set(nodes);
  return nodes.filter((n) => {
    for (let p = n.parentNode; p; p = p.parentNode) if (set.has(p)) return false;
    return true;
  });
}
