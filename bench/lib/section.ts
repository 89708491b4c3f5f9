/**
 * The benchmark framework's contract. Every `bench/*.ts` file (except run.ts) default-exports one section or a
 * list of sections; `bench/run.ts` discovers them, runs them in file order and prints each as a table (or, with
 * `--json`, all of them as one JSON object keyed by section id). Add a benchmark by adding one file.
 */
export interface Row {
  /** What was measured, e.g. "query, 10,000 items". */
  name: string;
  /** Milliseconds. */
  median: number;
  p95: number;
  runs: number;
  /** The budget in milliseconds, when DESIGN.md sets one; it bounds the median unless `budgetOn` says p95. */
  budget?: number;
  /** Which figure the budget bounds ("median under 3 ms", "under 5 ms p95"): the median when not given. */
  budgetOn?: 'median' | 'p95';
  /** Anything else worth printing (sizes, counts). */
  note?: string;
}

export interface SectionContext {
  /** `--quick`: fewer runs, for a smoke check. */
  quick: boolean;
  /** Progress messages go to stderr so that `--json` output stays one object on stdout. */
  log: (msg: string) => void;
  /**
   * Adds a top-level key to the `--json` object (beside the sections), for figures that tools outside the project
   * read under a fixed name (e.g. `pageScan`, `contentScript_bytes`).
   */
  publish: (key: string, value: unknown) => void;
}

export interface Section {
  id: string;
  title: string;
  run: (ctx: SectionContext) => Promise<Row[]>;
}

/** The value below which `q` of the sorted samples fall (nearest rank). */
export function percentile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

export function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Median and p95 of samples in milliseconds. */
export function summarize(name: string, samples: number[], extra: Partial<Row> = {}): Row {
  const sorted = [...samples].sort((a, b) => a - b);
  return { name, median: round(percentile(sorted, 0.5)), p95: round(percentile(sorted, 0.95)), runs: samples.length, ...extra };
}

/** Times `fn` `runs` times after `warmup` untimed calls; returns the samples in milliseconds. */
export function timeSync(fn: () => unknown, runs: number, warmup = 3): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

const fmt = (ms: number): string => (Number.isNaN(ms) ? '–' : ms < 10 ? ms.toFixed(3) : ms.toFixed(1));

/** One section's rows as a plain-text table, with the budget verdict where a row has a budget. */
export function table(section: Section, rows: Row[]): string {
  const head = ['', 'median ms', 'p95 ms', 'runs', 'budget', 'note'];
  const body = rows.map((r) => [
    r.name,
    fmt(r.median),
    fmt(r.p95),
    String(r.runs),
    r.budget === undefined ? '' : `${(r.budgetOn === 'p95' ? r.p95 : r.median) < r.budget ? 'ok' : 'OVER'} (${r.budgetOn === 'p95' ? 'p95 ' : ''}< ${r.budget} ms)`,
    r.note ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [`## ${section.title} (${section.id})`, line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
