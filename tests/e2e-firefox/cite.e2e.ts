/**
 * Citations in a stock Firefox: "Copy citation" in the sidebar (a moz-extension frame inside the page) puts the
 * citation on the system clipboard, pasted back here into a text field of another page with Ctrl+V.
 * Without a Firefox it is skipped and says so in its name (under CI, firefox.e2e.ts fails the run for that).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { findFirefox } from '../../scripts/find-firefox.mjs';
import type { BackstoryIndex } from '../../lib/index/types';
import { ROOT } from '../e2e/fixtures';
import { clickInSidebar, openPage, openSidebar, testId, until, useFirefoxSession, waitForReport } from './harness';

const firefox = findFirefox();
const index = JSON.parse(readFileSync(join(ROOT, 'data/index.json'), 'utf8')) as BackstoryIndex;
const suiteName = firefox ? `Firefox citations (${firefox})` : 'Firefox citations (skipped: no Firefox found; install firefox-esr or set FIREFOX_PATH)';

/** Pastes the clipboard into a text field of a page of the test server (a real Ctrl+V) and returns it. */
async function pasted(page: Page): Promise<string> {
  await page.bringToFront();
  await page.evaluate(() => {
    const area = document.createElement('textarea');
    area.id = 'paste-here';
    document.body.append(area);
    area.focus();
  });
  await page.keyboard.down('Control');
  await page.keyboard.press('v');
  await page.keyboard.up('Control');
  return until('the pasted text', async () => (await page.$eval('#paste-here', (e) => (e as HTMLTextAreaElement).value)) || null);
}

describe.skipIf(!firefox)(suiteName, () => {
  const session = useFirefoxSession();

  test('sidebar: "Copy citation" copies quote, source title and the missing address note; "Citation copied" shows', async () => {
    const url = `${session.server.url}/seed/1`;
    const page = await openPage(session.ext, url);
    const scratch = await openPage(session.ext, `${session.server.url}/pages/off-country-dropdown.html`);
    try {
      await page.bringToFront();
      await waitForReport(session.ext, url);
      await page.waitForSelector(testId('tab'), { timeout: 30_000 });
      const sb = await openSidebar(page);
      await until('the sidebar to load', async () => (await sb.$(testId('loading'))) === null && (await sb.$(testId('event'))) !== null, 60_000);
      const id = await sb.$eval(testId('event'), (e) => e.getAttribute('data-id'));
      const ev = index.events.find((e) => e.id === id)!;
      await clickInSidebar(page, sb, `${testId('event')} ${testId('cite-text').slice(4)}`);
      await until('"Citation copied"', async () => (await sb.$eval(`${testId('event')} ${testId('cite-status').slice(4)}`, (e) => e.textContent)) === 'Citation copied', 30_000);
      const text = await pasted(scratch);
      expect(text).toContain(`“${ev.sources[0]!.quote}”`);
      expect(text).toContain(`“${index.documents.find((d) => d.id === ev.sources[0]!.docId)!.title}”`);
      expect(text).toContain('(no web address on record)');
    } finally {
      await scratch.close();
      await page.close();
    }
  });
});
