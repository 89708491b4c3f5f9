/**
 * `npm run index -- --library FILE.json`, run as a maintainer runs it (Node with tsx's loader, in a child process):
 * a library file's articles become documents beside the seeds; every bad input is an error naming the file (and
 * article), a non-zero exit, and the previous data/*.json left byte for byte as it was.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BackstoryIndex } from '../../../lib/index/types';
import { libraryDocId } from '../../../lib/index/library';
import type { LibraryFile } from '../../../lib/library/format';
import type { RankStats } from '../../../lib/rank/stats';
import { committedIndex, ROOT } from '../helpers';

const LIBRARY = join(ROOT, 'tests/fixtures/library/team-library.json');
const library = JSON.parse(readFileSync(LIBRARY, 'utf8')) as LibraryFile;
const OUTPUTS = ['index.json', 'search.json', 'matcher.json', 'matcher-packed.json', 'rank.json'];

// Node with tsx's loader, not npx (whose package resolution alone took tens of seconds on the loaded machine).
const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'lib/cli/index-cmd.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'backstory-library-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A folder holding a copy of the committed data/*.json, as a previous successful build left it. */
function previousBuild(name: string): { out: string; files: () => Record<string, string> } {
  const out = join(dir, name);
  mkdirSync(out);
  for (const f of OUTPUTS) cpSync(join(ROOT, 'data', f), join(out, f));
  const files = (): Record<string, string> => Object.fromEntries(readdirSync(out).sort().map((f) => [f, readFileSync(join(out, f), 'utf8')]));
  return { out, files };
}

/** A library file in the temporary folder: the fixture with `change` applied. */
function libraryFile(name: string, change: (lib: LibraryFile) => unknown = (l) => l): string {
  const copy = structuredClone(library);
  const path = join(dir, name);
  writeFileSync(path, `${JSON.stringify(change(copy) ?? copy, null, 2)}\n`);
  return path;
}

/** Runs the failing command and checks: exit 1, the message, no stack trace, the previous outputs untouched. */
function expectRefused(args: string[], message: RegExp, name: string): void {
  const prev = previousBuild(name);
  const before = prev.files();
  const r = run([...args, '--out', prev.out]);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.status).toBe(1);
  expect(prev.files()).toEqual(before);
}

describe('npm run index -- --library FILE.json', () => {
  test('folds the articles in beside the seeds: ids from the URL, outlet, byline, language, published date (text), url; --check agrees', () => {
    const out = join(dir, 'ok');
    const r = run(['--library', LIBRARY, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/index: 7 documents \(2 from 1 library file\)/);
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as BackstoryIndex;
    const committed = committedIndex();
    // The seeds come first and are the same documents as without the library.
    expect(index.documents.slice(0, committed.documents.length)).toEqual(committed.documents);
    const [en, de] = index.documents.slice(committed.documents.length);
    expect(en).toMatchObject({
      id: libraryDocId(library.articles[0]!.url),
      file: 'team-library.json#1',
      title: 'Moscow and Tehran push the north–south corridor',
      lang: 'en',
      date: { value: '2025-04-17', basis: 'text' },
      outlet: 'Example News',
      author: 'Test Writer',
      url: 'https://news.example.org/world/2025/04/corridor-talks',
    });
    expect(en!.id).toMatch(/^doc:lib-[0-9a-f]{12}$/);
    expect(de).toMatchObject({ id: libraryDocId(library.articles[1]!.url), lang: 'de', date: null, outlet: 'Beispielzeitung', author: null, url: library.articles[1]!.url });
    // Through the same pipeline: events and claims quoted verbatim from the articles' cleaned text.
    const fromLibrary = [...index.events.flatMap((e) => e.sources), ...index.claims].filter((s) => s.docId === en!.id || s.docId === de!.id);
    expect(index.events.some((e) => e.docId === en!.id && /Moscow/.test(e.quote))).toBe(true);
    expect(index.claims.some((c) => c.docId === en!.id && c.stance === 'denies' && c.claimant.entityId === 'person:dmitry-peskov')).toBe(true);
    expect(index.claims.some((c) => c.docId === de!.id)).toBe(true);
    for (const s of fromLibrary) {
      const doc = index.documents.find((d) => d.id === s.docId)!;
      expect(doc.text.slice(s.start, s.end)).toBe(s.quote);
    }
    // The ranking recognises a library article by its address, as a seed with a url.
    const rank = JSON.parse(readFileSync(join(out, 'rank.json'), 'utf8')) as RankStats;
    expect(rank.documents.find((d) => d.id === en!.id)?.url).toBe(library.articles[0]!.url);
    // The popup finds them: "Beispielzeitung" is only in the German article's outlet.
    expect(readFileSync(join(out, 'search.json'), 'utf8')).toContain(`document:${de!.id}`);

    const check = run(['--check', '--library', LIBRARY, '--out', out]);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  }, 300_000); // two index builds in child processes (one took 87 s on the loaded 2-core machine)

  test('a missing file, a folder, a file that is not UTF-8, JSON or a library: refused before any build, naming it', () => {
    expectRefused(['--library', join(dir, 'nope.json')], /nope\.json: the library file does not exist/, 'missing');
    expectRefused(['--library', dir], /: not a file/, 'folder');
    const latin1 = join(dir, 'latin1.json');
    writeFileSync(latin1, new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    expectRefused(['--library', latin1], /latin1\.json: the file is not valid UTF-8/, 'latin1');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"format": "backstory-library", ');
    expectRefused(['--library', broken], /broken\.json: not valid JSON/, 'broken');
    const foreign = libraryFile('settings.json', () => ({ version: 1, articles: [] }));
    expectRefused(['--library', foreign], /settings\.json: not a Backstory library file/, 'foreign');
    const badLang = libraryFile('bad-lang.json', (l) => {
      (l.articles[1] as { lang: string }).lang = 'it';
    });
    expectRefused(['--library', LIBRARY, '--library', badLang], /bad-lang\.json: article 2: "lang" must be one of the supported languages/, 'bad-lang');
  }, 300_000);

  test('an article duplicating a seed\'s text, or at a seed\'s or another library article\'s URL: refused, naming both', () => {
    const seed = readFileSync(join(ROOT, 'seeds/002_4294ec14b11da705.txt'), 'utf8');
    const dupText = libraryFile('dup-text.json', (l) => {
      l.articles[1]!.text = seed;
    });
    expectRefused(['--library', dupText], /dup-text\.json: article 2 \(https:\/\/zeitung\.example\.de\/politik\/belousov-teheran\): duplicate article: (mostly )?the same text as 002_4294ec14b11da705\.txt/, 'dup-text');

    // A seed with a known address (seeds/metadata.json "url"), and an article added from that address.
    const seeds = join(dir, 'seeds-with-url');
    cpSync(join(ROOT, 'seeds'), seeds, { recursive: true });
    const meta = JSON.parse(readFileSync(join(seeds, 'metadata.json'), 'utf8')) as { articles: Array<{ file: string; url?: string }> };
    meta.articles.find((a) => a.file.startsWith('003'))!.url = 'https://example.com/kremlin-iran';
    writeFileSync(join(seeds, 'metadata.json'), JSON.stringify(meta));
    const dupUrl = libraryFile('dup-url.json', (l) => {
      l.articles[0]!.url = 'https://EXAMPLE.com/kremlin-iran';
    });
    expectRefused(['--seeds', seeds, '--library', dupUrl], /dup-url\.json: article 1 \(https:\/\/EXAMPLE\.com\/kremlin-iran\): the same url as 003_076c245ec5b6379e\.txt/, 'dup-url');

    const again = libraryFile('again.json');
    expectRefused(['--library', LIBRARY, '--library', again], /again\.json: article 1 \(.*\): the same url as .*team-library\.json: article 1/, 'again');
  }, 600_000); // three index builds that fail after the seeds (child processes, loaded machine)

  test('--library needs a value', () => {
    const r = run(['--library']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--library needs a value/);
  }, 120_000);
});

describe('library document ids', () => {
  test('stable, from the URL as the platform normalises it, distinct for distinct URLs', () => {
    const id = libraryDocId('https://news.example.org/a');
    expect(id).toMatch(/^doc:lib-[0-9a-f]{12}$/);
    expect(libraryDocId('https://NEWS.example.org/a')).toBe(id);
    expect(libraryDocId('https://news.example.org/b')).not.toBe(id);
    // Fixed: an id must not change between builds or versions (events and claims are named after it).
    expect(libraryDocId('https://news.example.org/world/2025/04/corridor-talks')).toBe('doc:lib-53f18010513f');
  });
});
