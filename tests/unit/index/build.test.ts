import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { buildIndex } from '../../../lib/index/build';
import { IndexInputError, type SeedFile } from '../../../lib/index/validate';
import { readLexicons } from '../../../lib/cli/index-cmd';
import { gazetteer, ROOT } from '../helpers';

const seedText = readFileSync(join(ROOT, 'seeds/001_2f52e72f62978cc9.txt'), 'utf8');
const topics = readFileSync(join(ROOT, 'data/topics.json'), 'utf8');
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const meta = (files: string[]): string =>
  JSON.stringify({ version: 1, articles: files.map((file) => ({ file, title: `Title of ${file}`, outlet: null, author: null, lang: 'en', date: { value: '2022-07-12', basis: 'curated' } })) });

function build(files: SeedFile[], metadata = meta(files.map((f) => f.name))) {
  return buildIndex({ files, metadata, gazetteer: gazetteer(), topics, lexicons: readLexicons(join(ROOT, 'data/lexicon')) });
}

function expectInputError(fn: () => unknown, file: string, problem: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(IndexInputError);
    expect((e as IndexInputError).file).toContain(file);
    expect((e as Error).message).toMatch(problem);
    return;
  }
  throw new Error('expected an IndexInputError');
}

describe('bad input to the index build', () => {
  test('an empty file', () => expectInputError(() => build([{ name: 'a.txt', bytes: new Uint8Array() }]), 'a.txt', /empty/));
  test('a binary file', () => expectInputError(() => build([{ name: 'b.txt', bytes: new Uint8Array([137, 80, 78, 71, 0, 1, 2]) }]), 'b.txt', /binary/));
  test('invalid UTF-8', () => expectInputError(() => build([{ name: 'c.txt', bytes: new Uint8Array([0x41, 0xc3, 0x28, 0x42]) }]), 'c.txt', /not valid UTF-8/));
  test('a file with no article text', () =>
    expectInputError(() => build([{ name: 'd.txt', bytes: enc('Main Menu\n  • Home\n  • News\nRelated posts:\n  1. Something') }]), 'd.txt', /no article text/));
  test('a duplicate article', () =>
    expectInputError(() => build([{ name: 'e.txt', bytes: enc(seedText) }, { name: 'f.txt', bytes: enc(seedText.replace(/\n/g, '\r\n')) }]), 'f.txt', /duplicate article: the same text as e\.txt/));
  test('a metadata entry for a missing file', () =>
    expectInputError(() => build([{ name: 'g.txt', bytes: enc(seedText) }], meta(['g.txt', 'missing.txt'])), 'missing.txt', /no such file/));
  test('a seed without a metadata entry', () =>
    expectInputError(() => build([{ name: 'g.txt', bytes: enc(seedText) }, { name: 'h.txt', bytes: enc('x') }], meta(['g.txt'])), 'h.txt', /no entry in metadata/));
  test('malformed metadata: not JSON, wrong shape, bad field', () => {
    expectInputError(() => build([{ name: 'g.txt', bytes: enc(seedText) }], '{"version": 1, articles: ['), 'metadata.json', /not valid JSON/);
    expectInputError(() => build([{ name: 'g.txt', bytes: enc(seedText) }], '{"articles": {}}'), 'metadata.json', /expected/);
    const bad = JSON.parse(meta(['g.txt']));
    bad.articles[0].date.value = 'July 2022';
    expectInputError(() => build([{ name: 'g.txt', bytes: enc(seedText) }], JSON.stringify(bad)), 'articles[0]', /date.value/);
  });
  test('a date with basis "text" that the text contradicts', () => {
    const m = JSON.parse(meta(['g.txt']));
    m.articles[0].date = { value: '2022-07-13', basis: 'text' };
    expectInputError(() => build([{ name: 'g.txt', bytes: enc(seedText) }], JSON.stringify(m)), 'g.txt', /text states 2022-07-12/);
  });
});

describe('ids from the whole file stem', () => {
  const other = readFileSync(join(ROOT, 'seeds/002_4294ec14b11da705.txt'), 'utf8');
  test('two files sharing a number prefix (900_a.txt, 900_b.txt) build, and every id is distinct', () => {
    const { index } = build([{ name: '900_a.txt', bytes: enc(seedText) }, { name: '900_b.txt', bytes: enc(other) }]);
    expect(index.documents.map((d) => d.id)).toEqual(['doc:900_a', 'doc:900_b']);
    const ids = [...index.documents, ...index.events, ...index.claims].map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const stem of ['900_a', '900_b']) {
      expect(index.events.some((e) => e.id.startsWith(`ev:${stem}:`)), stem).toBe(true);
      expect(index.claims.some((c) => c.id.startsWith(`cl:${stem}:`)), stem).toBe(true);
    }
  });
  test('two files that would still get the same id stop the build, naming both', () => {
    const clash = (a: string, b: string) => () => build([{ name: a, bytes: enc(seedText) }, { name: b, bytes: enc(other) }]);
    expectInputError(clash('900_a.txt', '900_a.md'), '900_a.md and 900_a.txt', /same id doc:900_a/);
    expectInputError(clash('Teheran.txt', 'teheran.txt'), 'Teheran.txt and teheran.txt', /same id/);
  });
});

describe('npm run index (CLI)', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  // Node with tsx's loader, not npx (whose package resolution alone took tens of seconds on the loaded machine).
  const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'lib/cli/index-cmd.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

  test('a failed build names the file, exits non-zero and leaves the previous index untouched', () => {
    dir = mkdtempSync(join(tmpdir(), 'backstory-index-'));
    cpSync(join(ROOT, 'seeds'), join(dir, 'seeds'), { recursive: true });
    const out = join(dir, 'out');
    const ok = run(['--seeds', join(dir, 'seeds'), '--out', out]);
    expect(ok.status).toBe(0);
    const before = readFileSync(join(out, 'index.json'), 'utf8');
    writeFileSync(join(dir, 'seeds/001_2f52e72f62978cc9.txt'), new Uint8Array([0xff, 0xfe, 0x00, 0x41]));
    const bad = run(['--seeds', join(dir, 'seeds'), '--out', out]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/001_2f52e72f62978cc9\.txt: the file is binary/);
    expect(readFileSync(join(out, 'index.json'), 'utf8')).toBe(before);
  }, 240_000); // two index builds in child processes: timed out at 60 s under load 26

  test('--check fails on a stale index and passes on a fresh one', () => {
    dir = mkdtempSync(join(tmpdir(), 'backstory-index-'));
    const out = join(dir, 'out');
    expect(run(['--out', out]).status).toBe(0);
    expect(run(['--check', '--out', out]).status).toBe(0);
    writeFileSync(join(out, 'search.json'), '{}\n');
    const stale = run(['--check', '--out', out]);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toMatch(/stale or missing .*search\.json/);
  }, 240_000); // three index builds in child processes: 87 s on the loaded 2-core machine

  test('usage errors exit 2', () => {
    const r = run(['--bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option --bogus/);
  }, 120_000);
});
