/**
 * Shared by benchmarks that run in real Chromium: builds the extension once per run (so the figures are for the
 * current code) and launches it with the end-to-end harness.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { launchExtension, type Extension } from '../../tests/e2e/harness';

const ROOT = join(import.meta.dirname, '../..');
let built = false;

export function buildExtension(log: (msg: string) => void): void {
  if (built) return;
  log('building the extension (wxt build)');
  const r = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wxt build failed:\n${r.stdout}\n${r.stderr}`);
  built = true;
}

export async function withExtension<T>(log: (msg: string) => void, fn: (ext: Extension) => Promise<T>): Promise<T> {
  buildExtension(log);
  const ext = await launchExtension();
  try {
    return await fn(ext);
  } finally {
    await ext.close();
  }
}
