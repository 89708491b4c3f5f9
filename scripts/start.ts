// `npm start`: build the index and the extension, then open Chromium with Backstory loaded on a demo article
// (seed 001, served from 127.0.0.1). Without a display it prints which folder to load and exits 0.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findChrome, INSTALL_HELP } from './find-chrome.mjs';
import { renderArticle } from '../lib/cli/render';
import type { BackstoryIndex } from '../lib/index/types';

const root = resolve(import.meta.dirname, '..');
const run = (cmd: string, args: string[]): void => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run('npx', ['tsx', 'lib/cli/index-cmd.ts']);
run('npx', ['wxt', 'build']);
run('npx', ['wxt', 'build', '-b', 'firefox']);
const chromeDir = join(root, '.output/chrome-mv3');
const firefoxDir = join(root, '.output/firefox-mv2');

const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || process.platform === 'darwin' || process.platform === 'win32';
const chrome = findChrome();
if (!hasDisplay || !chrome || process.env.CI) {
  console.log(`
Backstory is built. ${!hasDisplay ? 'No display here, so nothing is opened.' : !chrome ? INSTALL_HELP : ''}

Load it yourself:
  Chrome/Chromium: open chrome://extensions, switch on "Developer mode", "Load unpacked", choose
      ${chromeDir}
  Firefox: open about:debugging#/runtime/this-firefox, "Load Temporary Add-on…", choose
      ${join(firefoxDir, 'manifest.json')}
Then open any news article about Russia and Iran.`);
  process.exit(0);
}

// Serve the demo article and open it in a fresh Chromium profile with the extension loaded.
const index = JSON.parse(readFileSync(join(root, 'data/index.json'), 'utf8')) as BackstoryIndex;
const doc = index.documents.find((d) => d.file.startsWith('001')) ?? index.documents[0]!;
const html = renderArticle({ title: doc.title, date: doc.date?.value ?? null, lang: doc.lang, paragraphs: doc.text.split('\n\n') });
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/demo`;
  console.log(`Opening ${url} in Chromium with Backstory loaded (close the browser to stop).`);
  const profile = mkdtempSync(join(tmpdir(), 'backstory-demo-'));
  const child = spawn(chrome!, [
    `--user-data-dir=${profile}`,
    '--no-first-run',
    // Chromium refuses to start as root without this (containers, CI boxes); a normal user keeps the sandbox.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--disable-extensions-except=${chromeDir}`,
    `--load-extension=${chromeDir}`,
    url,
  ], { stdio: 'ignore' });
  child.on('exit', () => server.close());
});
