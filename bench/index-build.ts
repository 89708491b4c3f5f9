/**
 * Index build benchmark: build time and peak memory at the 5 seeds and at 1,000 and 10,000 synthetic articles
 * recombined from seed sentences (generated here, deterministic), each size in its own process so that peak RSS
 * is that build's alone. Shows whether build time grows linearly (ms per article should stay flat).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readGazetteer, readLexicons, readSeeds, readText } from '../lib/cli/index-cmd';
import { buildIndex } from '../lib/index/build';
import { clean } from '../lib/index/clean';
import { sentences } from '../lib/index/sentences';
import type { SeedFile } from '../lib/index/validate';
import type { Row, Section } from './lib/section';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` synthetic articles, each 8–30 seed sentences in 2–6 paragraphs, with metadata. */
export function synthesize(n: number): { files: SeedFile[]; metadata: string } {
  const seeds = readSeeds(join(ROOT, 'seeds'));
  const meta = JSON.parse(seeds.metadata) as { articles: Array<{ file: string; title: string; lang: string }> };
  const pool: Array<{ text: string; lang: string }> = [];
  for (const a of meta.articles) {
    const raw = new TextDecoder().decode(seeds.files.find((f) => f.name === a.file)!.bytes);
    const c = clean(raw, a.title);
    for (const s of sentences(c.text, a.lang)) pool.push({ text: c.text.slice(s.start, s.end), lang: a.lang });
  }
  const random = rng(42);
  const files: SeedFile[] = [];
  const articles: unknown[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < n; i++) {
    const count = 8 + Math.floor(random() * 23);
    const paras: string[] = [];
    let para: string[] = [];
    for (let k = 0; k < count; k++) {
      para.push(pool[Math.floor(random() * pool.length)]!.text);
      if (para.length >= 2 + Math.floor(random() * 4)) {
        paras.push(para.join(' '));
        para = [];
      }
    }
    if (para.length) paras.push(para.join(' '));
    paras.push(`Synthetic article number ${i} of ${n}, recombined for the benchmark.`);
    const name = `syn_${String(i).padStart(5, '0')}.txt`;
    files.push({ name, bytes: enc.encode(paras.join('\n\n')) });
    const day = 1 + (i % 28);
    const month = 1 + (i % 12);
    articles.push({ file: name, title: `Synthetic ${i}`, outlet: null, author: null, lang: 'en', date: { value: `2023-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, basis: 'curated' } });
  }
  return { files, metadata: JSON.stringify({ version: 1, articles }) };
}

/** Child-process entry: build one size, print {ms, articles, maxRssMiB} as JSON. */
function child(size: string): void {
  const gazetteer = readGazetteer(join(ROOT, 'data/gazetteer.json'));
  const topics = readText(join(ROOT, 'data/topics.json'), 'topics');
  const input = size === 'seeds' ? readSeeds(join(ROOT, 'seeds')) : synthesize(Number(size));
  const chars = input.files.reduce((n, f) => n + f.bytes.length, 0);
  const started = performance.now();
  const out = buildIndex({ ...input, gazetteer, topics, lexicons: readLexicons(join(ROOT, 'data/lexicon')) });
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ ms, articles: input.files.length, chars, events: out.index.events.length, claims: out.index.claims.length, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

export interface IndexBuildRow {
  size: string;
  articles: number;
  megabytes: number;
  ms: number;
  msPerArticle: number;
  events: number;
  claims: number;
  peakRssMiB: number;
}

export function benchIndexBuild(sizes = ['seeds', '1000', '10000']): IndexBuildRow[] {
  const rows: IndexBuildRow[] = [];
  for (const size of sizes) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', size], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`index build benchmark at ${size} failed: ${r.stderr}`);
    const j = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; articles: number; chars: number; events: number; claims: number; maxRssMiB: number };
    rows.push({ size, articles: j.articles, megabytes: Math.round((j.chars / 1e6) * 100) / 100, ms: Math.round(j.ms), msPerArticle: Math.round((j.ms / j.articles) * 100) / 100, events: j.events, claims: j.claims, peakRssMiB: Math.round(j.maxRssMiB) });
  }
  return rows;
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') child(argv[1]!);
else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.table(benchIndexBuild(argv.length ? argv : undefined));
}

/** The `index` section of `npm run bench`: one build per size, each in its own process. */
const section: Section = {
  id: 'index',
  title: 'Index build (time and peak memory; linear when ms/article stays flat)',
  run: async ({ quick, log }) => {
    const sizes = quick ? ['seeds', '1000'] : ['seeds', '1000', '10000'];
    log(`index build at ${sizes.join(', ')} articles (10,000 takes a few minutes)`);
    const rows = benchIndexBuild(sizes);
    const base = rows.find((r) => r.size === '1000');
    return rows.map((r): Row => ({
      name: `build, ${r.size === 'seeds' ? '5 seeds' : `${Number(r.size).toLocaleString('en')} synthetic articles`} (${r.megabytes} MB)`,
      median: r.ms,
      p95: r.ms,
      runs: 1,
      ...(r.size === '1000' ? { budget: 20_000 } : {}),
      note: `${r.msPerArticle} ms/article${base && r !== base && r.size !== 'seeds' ? ` (${(r.msPerArticle / base.msPerArticle).toFixed(2)}× the 1,000 rate)` : ''}, peak RSS ${r.peakRssMiB} MiB, ${r.events} events, ${r.claims} claims`,
    }));
  },
};
export default section;
