import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadContext, parseHtml, readPage, scanFile, ScanInputError } from '../../../lib/cli/scan-files';
import { ROOT, committedIndex } from '../helpers';

const tmp = mkdtempSync(join(tmpdir(), 'backstory-scan-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function runScan(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'lib/cli/scan-cmd.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run scan', { timeout: 120_000 }, () => {  // each test spawns tsx: slow on a loaded machine
  test('--json prints one array with the contract keys; an on-topic page gets mentions with offsets into its text', () => {
    const page = join(ROOT, 'tests/fixtures/pages/on-de.html');
    const off = join(ROOT, 'tests/fixtures/pages/off-navalny.html');
    const r = runScan([page, off, '--json']);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(out).toHaveLength(2);
    for (const key of ['file', 'onTopic', 'score', 'reasons', 'mentions', 'date', 'eventIds', 'claimIds']) {
      expect(Object.keys(out[0]!)).toContain(key);
    }
    expect(out[0]!.onTopic).toBe(true);
    expect(out[0]!.date).toBe('2025-01-17');
    expect(out[1]!.onTopic).toBe(false);
    expect(out[1]!.date).toBe('2024-03-01');
    const mentions = out[0]!.mentions as Array<{ entityId: string; text: string; start: number; end: number }>;
    expect(mentions.map((m) => m.entityId)).toContain('person:vladimir-putin');
    expect(mentions.find((m) => m.entityId === 'person:vladimir-putin')!.text).toBe('Wladimir Putin');
  });

  // (That the CLI reports what the content script reports is tests/unit/content/sliced.test.ts.)
  test('the mentions are names on the page and the ids are those of the index for its entities', () => {
    const ctx = loadContext();
    const file = join(ROOT, 'tests/fixtures/pages/on-fr.html');
    const r = scanFile(file, ctx);
    // Each mention's text is on the page as parsed independently, and is a name of its entity.
    const { doc, close } = parseHtml(readFileSync(file, 'utf8'));
    const pageText = doc.body.textContent!.replace(/\s+/g, ' ');
    void close();
    expect(r.mentions.length).toBeGreaterThan(5);
    const names = new Map(ctx.matcher.table.entities.map((e) => [e.id, e]));
    for (const m of r.mentions) {
      expect(pageText).toContain(m.text);
      expect(names.has(m.entityId), m.entityId).toBe(true);
    }
    const index = committedIndex();
    const ids = new Set(r.mentions.map((m) => m.entityId));
    // Events shown: those of the page's entities dated before the page (the index decides how many exist).
    const before = (v: string): boolean => v.slice(0, Math.min(v.length, 10)) < '2025-01-17'.slice(0, Math.min(v.length, 10));
    const expected = index.events.filter((e) => e.entityIds.some((id) => ids.has(id)) && before(e.date.value)).map((e) => e.id);
    expect([...r.eventIds].sort()).toEqual([...new Set(expected)].sort());
    // Claims shown: by or about the page's entities (the article has some; an empty list would pass the loop).
    expect(r.claimIds.length).toBeGreaterThan(0);
    for (const id of r.claimIds) {
      const c = index.claims.find((x) => x.id === id);
      expect(c, id).toBeDefined();
      expect(c!.entityIds.some((e) => ids.has(e)) || ids.has(c!.claimant.entityId ?? ''), id).toBe(true);
    }
  });

  test('a .txt file is rendered as an article first (first line is the title)', () => {
    const file = join(tmp, 'story.txt');
    writeFileSync(file, 'Russia and Iran sign a treaty\n\nVladimir Putin and Masoud Pezeshkian signed the Comprehensive Strategic Partnership Treaty in Moscow. Iran and Russia will cooperate for twenty years, Tehran said.\n');
    const r = scanFile(file, loadContext());
    expect(r.onTopic).toBe(true);
    expect(r.reasons.join(' ')).toContain('both named in the title');
    expect(r.date).toBeNull();
  });

  test('human output names each file and its decision', () => {
    const r = runScan([join(ROOT, 'tests/fixtures/pages/off-kazan-travel.html')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('off-kazan-travel.html: not on topic');
    expect(r.stdout).toContain('date: 2023-05-14');
  });

  test('bad input: missing file, unsupported extension, unreadable file, no file at all', () => {
    const missing = runScan([join(tmp, 'nope.html')]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('nope.html: no such file');
    expect(missing.stdout).toBe('');

    const pdf = join(tmp, 'a.pdf');
    writeFileSync(pdf, 'x');
    const unsupported = runScan([pdf]);
    expect(unsupported.status).not.toBe(0);
    expect(unsupported.stderr).toContain('a.pdf: unsupported file type ".pdf"');

    mkdirSync(join(tmp, 'dir.html'));
    expect(() => readPage(join(tmp, 'dir.html'))).toThrow(ScanInputError);
    expect(() => readPage(join(tmp, 'dir.html'))).toThrow('dir.html: not a regular file');
    const none = runScan([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('give at least one');
  });

  test.skipIf(process.getuid?.() === 0)('an unreadable file is named in the error (skipped as root: root reads everything)', () => {
    const locked = join(tmp, 'locked.html');
    writeFileSync(locked, '<p>x</p>');
    chmodSync(locked, 0o000);
    const r = runScan([locked]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('locked.html: cannot be read');
  });
});
