/**
 * `npm run index [-- --check] [--seeds DIR] [--out DIR] [--gazetteer FILE] [--library FILE.json ...]`: rebuild
 * data/index.json, data/search.json, data/matcher.json and data/matcher-packed.json from seeds/, plus the articles
 * of each library file given (an exported library, lib/library/format.ts). Writes each file to a temporary name and
 * renames it only when the whole build succeeded, so a failed build leaves the previous index untouched.
 */
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, mkdirSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildIndex } from '../index/build';
import { IndexInputError, type SeedFile } from '../index/validate';
import type { LibrarySource } from '../index/library';
import { parseLibraryFile } from '../library/format';
import type { Gazetteer } from '../match/types';
import { parseArgs, runMain, UsageError } from './args';
import { serializeOutputs } from './outputs';

export function readSeeds(dir: string): { files: SeedFile[]; metadata: string } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new IndexInputError(dir, 'the seeds folder does not exist');
  const metaPath = join(dir, 'metadata.json');
  if (!existsSync(metaPath)) throw new IndexInputError(metaPath, 'missing: the seeds folder needs a metadata.json');
  const files = readdirSync(dir)
    .filter((n) => n.endsWith('.txt'))
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
  return { files, metadata: readFileSync(metaPath, 'utf8') };
}

export function readText(path: string, what: string): string {
  if (!existsSync(path)) throw new IndexInputError(path, `${what} does not exist`);
  return readFileSync(path, 'utf8');
}

/** Every data/lexicon/<lang>.json: file name → text (one file per language). */
export function readLexicons(dir: string): Record<string, string> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new IndexInputError(dir, 'the lexicon folder does not exist');
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) out[name] = readFileSync(join(dir, name), 'utf8');
  return out;
}

export function readGazetteer(path: string): Gazetteer {
  if (!existsSync(path)) throw new IndexInputError(path, 'the gazetteer file does not exist');
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Gazetteer;
  } catch (e) {
    throw new IndexInputError(path, `not valid JSON (${(e as Error).message})`);
  }
}

/**
 * A library file (`--library`), read and validated: a missing, unreadable, non-UTF-8 or invalid file is an error
 * naming it (and, for an invalid article, the article and field).
 */
export function readLibrary(path: string): LibrarySource {
  if (!existsSync(path)) throw new IndexInputError(path, 'the library file does not exist');
  if (!statSync(path).isFile()) throw new IndexInputError(path, 'not a file (give a library .json file, as the Library page exports it)');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new IndexInputError(path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new IndexInputError(path, 'the file is not valid UTF-8');
  }
  return { name: path, articles: parseLibraryFile(text, path).articles };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), ['seeds', 'out', 'gazetteer', 'topics', 'lexicons', 'library'], ['check', 'help']);
  if (args.flags.has('help')) {
    process.stdout.write('usage: npm run index [-- --check] [--seeds DIR] [--out DIR] [--gazetteer FILE] [--topics FILE] [--lexicons DIR] [--library FILE.json ...]\n');
    return 0;
  }
  if (args.positional.length) throw new UsageError(`unexpected argument ${args.positional[0]}`);
  const seeds = resolve(args.values.get('seeds') ?? 'seeds');
  const out = resolve(args.values.get('out') ?? 'data');
  const gazetteer = resolve(args.values.get('gazetteer') ?? 'data/gazetteer.json');
  const topicsPath = resolve(args.values.get('topics') ?? 'data/topics.json');
  const started = performance.now();
  const lexicons = readLexicons(resolve(args.values.get('lexicons') ?? 'data/lexicon'));
  // Every library file is read and checked before anything is built (as given: errors name the file as typed).
  const library = (args.lists.get('library') ?? []).map(readLibrary);
  const built = buildIndex({ ...readSeeds(seeds), gazetteer: readGazetteer(gazetteer), topics: readText(topicsPath, 'the topics file'), lexicons, library });
  const outputs = serializeOutputs(built);

  if (args.flags.has('check')) {
    const stale = Object.entries(outputs).filter(([name, content]) => {
      const p = join(out, name);
      return !existsSync(p) || readFileSync(p, 'utf8') !== content;
    });
    if (stale.length) {
      process.stderr.write(`index --check: stale or missing in ${out}: ${stale.map(([n]) => n).join(', ')}; run npm run index\n`);
      return 1;
    }
    process.stdout.write(`index --check: ${Object.keys(outputs).join(', ')} are up to date\n`);
    return 0;
  }
  mkdirSync(out, { recursive: true });
  const temps: Array<[string, string]> = [];
  try {
    for (const [name, content] of Object.entries(outputs)) {
      const tmp = join(out, `.${name}.tmp-${process.pid}`);
      writeFileSync(tmp, content);
      temps.push([tmp, join(out, name)]);
    }
  } catch (e) {
    for (const [tmp] of temps) if (existsSync(tmp)) unlinkSync(tmp);
    throw e;
  }
  for (const [tmp, final] of temps) renameSync(tmp, final);
  const { index } = built;
  process.stdout.write(
    `index: ${index.documents.length} documents${library.length ? ` (${library.reduce((n, l) => n + l.articles.length, 0)} from ${library.length} library file${library.length > 1 ? 's' : ''})` : ''}, ${index.entities.length} entities, ${index.events.length} events, ${index.claims.length} claims → ${out} (${Math.round(performance.now() - started)} ms)\n`,
  );
  return 0;
}

if (process.argv[1] && /index-cmd\.ts$/.test(process.argv[1])) void runMain('index', main);
