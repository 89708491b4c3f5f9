/**
 * The work behind `npm run scan`: what the content script would do with each page file. `.html` files are parsed
 * with happy-dom (no scripts run, nothing is fetched); `.txt` files are first rendered as a simple article page.
 * The scan itself is lib/dom/scan.ts, the same code the content script runs; the event and claim ids come from the
 * background's own `BackstoryService.payload`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Window } from 'happy-dom';
import { BackstoryService } from '../background/service';
import { getterFrom } from '../i18n';
import type { BackstoryIndex } from '../index/types';
import { Matcher } from '../match/matcher';
import type { EntityTable, MatcherTable } from '../match/types';
import type { ZonedMention } from '../topic/gate';
import { nodeIndexAt, type PageText } from '../dom/collect';
import { pageMentions, scanDocument } from '../dom/scan';
import { sectionIndexes } from '../dom/sections';
import { DEFAULT_DENSITY, paintPlan, sectionKey, type PaintStyle } from '../highlight/density';
import type { SerializedSearch } from '../search/options';
import { canonicalUrl, pageTitle, textSample, zoneCounts } from '../rank/page';
import type { RankStats } from '../rank/stats';
import { whyLine } from '../rank/why';
import { renderArticle, textToArticle } from './render';

/** One file's result; the key names are read by tools outside the project (see DESIGN.md). */
export interface ScanResult {
  file: string;
  onTopic: boolean;
  score: number;
  reasons: string[];
  mentions: Array<{ entityId: string; text: string; start: number; end: number }>;
  /** The mentions the page's highlights paint at the default density, and in which style (none off topic). */
  painted: Array<{ entityId: string; start: number; end: number; style: PaintStyle }>;
  date: string | null;
  /** In the sidebar's order (best first). */
  eventIds: string[];
  claimIds: string[];
  /** The events, then the claims, in the sidebar's order, with score and why line (English). */
  ranked: Array<{ id: string; kind: 'event' | 'claim'; score: number; why: string }>;
  /** Not part of the contract: the signals behind the score, and the collected text length. */
  signals: Record<string, unknown>;
}

/** A result with the collected page text the offsets refer to (not printed: pages can be large). */
export interface ScanResultWithText extends ScanResult {
  pageText: string;
}

/** A file that cannot be scanned; the message names it. */
export class ScanInputError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

export interface ScanContext {
  matcher: Matcher;
  service: BackstoryService;
  /** The English strings (why lines). */
  t: (key: string, ...subs: Array<string | number>) => string;
}

/** Loads the matcher table and the index from a data folder (default: the repository's data/). */
export function loadContext(dataDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../data')): ScanContext {
  const read = <T>(name: string): T => {
    const p = join(dataDir, name);
    if (!existsSync(p)) throw new ScanInputError(p, 'missing: run npm run index');
    return JSON.parse(readFileSync(p, 'utf8')) as T;
  };
  const table = read<MatcherTable>('matcher.json');
  const service = new BackstoryService(read<BackstoryIndex>('index.json'), read<SerializedSearch>('search.json'), table, read<RankStats>('rank.json'));
  const en = getterFrom(JSON.parse(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../public/_locales/en/messages.json'), 'utf8')));
  return { matcher: new Matcher(table), service, t: (key, ...subs) => en(key, subs.map(String)) || key };
}

/** Reads a page file as HTML (a .txt file is rendered as an article first). */
export function readPage(file: string): string {
  const ext = extname(file).toLowerCase();
  if (ext !== '.html' && ext !== '.htm' && ext !== '.txt') throw new ScanInputError(file, `unsupported file type "${ext || '(none)'}": give .html or .txt files`);
  if (!existsSync(file)) throw new ScanInputError(file, 'no such file');
  if (!statSync(file).isFile()) throw new ScanInputError(file, 'not a regular file');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ScanInputError(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return ext === '.txt' ? renderArticle(textToArticle(text)) : text;
}

/** Parses HTML into a document with happy-dom: scripts are not run, no resource is loaded. */
export function parseHtml(html: string): { doc: Document; close: () => Promise<void> } {
  const window = new Window({
    url: 'http://localhost/',
    settings: { disableComputedStyleRendering: true, navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true } },
  });
  const parser = new window.DOMParser();
  const doc = parser.parseFromString(html, 'text/html') as unknown as Document;
  return { doc, close: () => window.happyDOM.close() };
}

/** Scans one HTML string as the content script would. */
export function scanHtml(file: string, html: string, ctx: ScanContext): ScanResultWithText {
  const { doc, close } = parseHtml(html);
  try {
    const scan = scanDocument(doc, ctx.matcher);
    const table = ctx.matcher.table;
    const onPage = pageMentions(scan);
    const mentions = onPage.map((m) => ({ entityId: table.entities[m.entity]!.id, text: scan.page.text.slice(m.start, m.end), start: m.start, end: m.end }));
    let eventIds: string[] = [];
    let claimIds: string[] = [];
    let ranked: ScanResult['ranked'] = [];
    if (scan.decision.onTopic && mentions.length) {
      // The same request the content script sends (lib/content/run.ts).
      const zones = zoneCounts(scan.mentions.map((m) => ({ id: table.entities[m.entity]!.id, zone: m.zone })));
      const page = { zones, title: pageTitle(doc), text: textSample(scan.page), url: canonicalUrl(doc) };
      const payload = ctx.service.payload([...new Set(mentions.map((m) => m.entityId))], scan.date, page, null, false, true);
      eventIds = payload.events.map((e) => e.id);
      claimIds = payload.claimGroups.flatMap((g) => g.claims.map((c) => c.id));
      const names = { entity: (id: string) => ctx.service.entities.get(id)?.name, proposition: (id: string) => payload.labels[id]?.en };
      const byId = new Map(payload.ranked.map((r) => [`${r.kind}:${r.id}`, r]));
      ranked = [...eventIds.map((id) => `event:${id}`), ...claimIds.map((id) => `claim:${id}`)].map((key) => {
        const r = byId.get(key)!;
        return { id: r.id, kind: r.kind, score: r.score, why: whyLine(r.kind, r.why, names, ctx.t) };
      });
    }
    return {
      file,
      onTopic: scan.decision.onTopic,
      score: scan.decision.score,
      reasons: scan.decision.reasons,
      mentions,
      painted: scan.decision.onTopic ? painted(doc, scan.page, onPage, table) : [],
      date: scan.date,
      eventIds,
      claimIds,
      ranked,
      signals: { ...scan.decision.signals },
      pageText: scan.page.text,
    };
  } finally {
    void close();
  }
}

/** What the content script paints of these mentions at the default density (lib/content/paint.ts does the same). */
function painted(doc: Document, page: PageText, mentions: ZonedMention[], table: EntityTable): ScanResult['painted'] {
  const sections = sectionIndexes(doc, mentions.map((m) => page.nodes[nodeIndexAt(page, m.start)]!));
  const plan = paintPlan(
    mentions.map((m, i) => ({ m, entity: table.entities[m.entity]!, section: sectionKey(sections[i]!, m.zone) })),
    DEFAULT_DENSITY,
  );
  return plan.map(({ mention: { m, entity }, style }) => ({ entityId: entity.id, start: m.start, end: m.end, style }));
}

export function scanFile(file: string, ctx: ScanContext): ScanResultWithText {
  return scanHtml(file, readPage(file), ctx);
}

/** The human-readable summary of one result. */
export function formatResult(r: ScanResult): string {
  const lines: string[] = [];
  lines.push(`${r.file}: ${r.onTopic ? 'ON TOPIC' : 'not on topic'} (score ${r.score})`);
  lines.push(`  date: ${r.date ?? 'unknown'}`);
  lines.push(`  why: ${r.reasons.join('; ')}`);
  const counts = new Map<string, { n: number; forms: Set<string> }>();
  for (const m of r.mentions) {
    const c = counts.get(m.entityId) ?? { n: 0, forms: new Set<string>() };
    c.n++;
    c.forms.add(m.text);
    counts.set(m.entityId, c);
  }
  const top = [...counts.entries()].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1));
  lines.push(`  mentions: ${r.mentions.length} of ${counts.size} entities${r.onTopic ? '' : ' (not highlighted: the page is not on topic)'}`);
  for (const [id, c] of top.slice(0, 12)) lines.push(`    ${String(c.n).padStart(3)} × ${id}  (${[...c.forms].slice(0, 4).join(', ')})`);
  if (top.length > 12) lines.push(`    … and ${top.length - 12} more`);
  if (r.onTopic) {
    lines.push(`  sidebar: ${r.eventIds.length} events, ${r.claimIds.length} claims; best first:`);
    for (const kind of ['event', 'claim'] as const) {
      for (const x of r.ranked.filter((x) => x.kind === kind).slice(0, 5)) lines.push(`    ${kind.padEnd(5)} ${x.score.toFixed(2).padStart(6)}  ${x.id}  ${x.why}`);
    }
  }
  return lines.join('\n');
}
