/**
 * Settings end to end: "never on this site" from the sidebar, the popup's global and per-site switches, the
 * options page's list, and changes reaching open tabs without a reload.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { POLL_RESCAN, chromePath, highlightCounts, launchExtension, loadedSidebar, openExtensionPage, sidebar as sidebarOf, startServer, gotoAndReport, type Extension, type Server } from './harness';

let ext: Extension;
let server: Server;
let host: string;

beforeAll(async () => {
  server = await startServer();
  host = new URL(server.url).host;
  ext = await launchExtension();
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

type Storage = { storage: { local: { set: (o: object) => Promise<void>; get: (k: string) => Promise<Record<string, unknown>>; remove: (k: string) => Promise<void> } } };

/** Writes (or with `undefined`, removes) the raw settings object, as another context would. */
async function setRawSettings(value: unknown): Promise<void> {
  await ext.worker.evaluate(async (v) => {
    const chrome = (globalThis as unknown as { chrome: Storage }).chrome;
    if (v === undefined) await chrome.storage.local.remove('settings');
    else await chrome.storage.local.set({ settings: v });
  }, value);
}
async function rawSettings(): Promise<Record<string, unknown>> {
  return ext.worker.evaluate(async () => (await (globalThis as unknown as { chrome: Storage }).chrome.storage.local.get('settings')).settings as Record<string, unknown>);
}

const total = async (page: Page): Promise<number> => Object.values(await highlightCounts(page)).reduce((a, b) => a + b, 0);

async function article(n = 1): Promise<Page> {
  const page = await ext.context.newPage();
  const url = `${server.url}/seed/${n}`;
  await gotoAndReport(ext, page, url);
  return page;
}

/** Opens the popup in a background tab, so that `page` stays the active tab (as under the toolbar button). */
async function popupOver(page: Page): Promise<Page> {
  await page.bringToFront();
  const popupUrl = `chrome-extension://${ext.id}/popup.html`;
  const opened = ext.context.waitForEvent('page', (p) => p.url().startsWith(popupUrl));
  await ext.worker.evaluate((u: string) => (globalThis as unknown as { chrome: { tabs: { create: (o: object) => Promise<unknown> } } }).chrome.tabs.create({ url: u, active: false }), popupUrl);
  return opened;
}

beforeEach(async () => {
  await setRawSettings(undefined);
});

describe('per-site control', () => {
  test('"Never on this site" in the sidebar removes the highlights and the sidebar at once; the options page lists it and removing it brings them back', async () => {
    const page = await article(1);
    await expect.poll(() => total(page), POLL_RESCAN).toBeGreaterThan(0);
    await page.getByTestId('tab').click();
    const sidebar = (await sidebarOf(page)).getByTestId('sidebar');
    expect(await sidebar.getByTestId('site-switch').getAttribute('data-host')).toBe(host);
    await sidebar.getByTestId('site-never').click();
    await expect.poll(() => total(page), POLL_RESCAN).toBe(0);
    await expect.poll(() => page.locator('backstory-root').count(), POLL_RESCAN).toBe(0);
    await expect.poll(async () => (await rawSettings()).sites, POLL_RESCAN).toEqual({ [host]: 'never' });

    const options = await openExtensionPage(ext, 'options.html');
    const row = options.locator(`[data-testid=site-rule][data-host="${host}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-rule')).toBe('never');
    await row.getByRole('button', { name: `Remove the rule for ${host}` }).click();
    await options.getByTestId('no-sites').waitFor();
    // The open article comes back without a reload, and remembers that its sidebar was open.
    await expect.poll(() => total(page), POLL_RESCAN).toBeGreaterThan(0);
    await sidebarOf(page);
    await options.close();
    await page.close();
  });

  test('the popup switches Backstory off everywhere, and "Always on this site" turns it on here while it is off', async () => {
    const page = await article(2);
    await expect.poll(() => total(page), POLL_RESCAN).toBeGreaterThan(0);
    const popup = await popupOver(page);
    const enabled = popup.getByTestId('global-enabled');
    await enabled.waitFor();
    expect(await enabled.isChecked()).toBe(true);
    await enabled.uncheck();
    await expect.poll(() => total(page), POLL_RESCAN).toBe(0);
    await expect.poll(() => page.locator('backstory-root').count(), POLL_RESCAN).toBe(0);

    // The page still told the background where it is, so the popup offers this site's switch.
    const always = popup.getByTestId('site-always');
    await always.waitFor();
    expect(await popup.getByTestId('site-switch').getAttribute('data-host')).toBe(host);
    await always.click();
    // The switch shows the rule once the storage write has landed and come back to the popup.
    await expect.poll(() => always.getAttribute('aria-pressed'), POLL_RESCAN).toBe('true');
    await expect.poll(() => total(page), POLL_RESCAN).toBeGreaterThan(0);
    const stored = await rawSettings();
    expect(stored.enabled).toBe(false);
    expect(stored.sites).toEqual({ [host]: 'always' });

    // Another site without a rule stays off.
    const other = await ext.context.newPage();
    const otherUrl = `${server.url.replace('127.0.0.1', 'localhost')}/seed/2`;
    await gotoAndReport(ext, other, otherUrl);
    expect(await total(other)).toBe(0);

    // Pressing the pressed switch removes the rule: off again here.
    await always.click();
    await expect.poll(() => total(page), POLL_RESCAN).toBe(0);
    await popup.close();
    await other.close();
    await page.close();
  });

  test('a new popup over a page shows that page\'s rule as pressed', async () => {
    await setRawSettings({ version: 1, enabled: true, sites: { [host]: 'never' }, types: ['person'], autoOpen: false, highlightStyle: 'background', sidebarOpen: {} });
    const page = await ext.context.newPage();
    const url = `${server.url}/seed/1`;
    const report = await gotoAndReport(ext, page, url);
    expect(report.onTopic).toBe(false);
    expect(await total(page)).toBe(0);
    const popup = await popupOver(page);
    await expect.poll(() => popup.getByTestId('site-never').getAttribute('aria-pressed')).toBe('true');
    expect(await popup.getByTestId('site-always').getAttribute('aria-pressed')).toBe('false');
    await popup.close();
    await page.close();
  });
});

describe('settings reach open tabs and survive bad storage', () => {
  test('unticking a kind of name in the options removes just those highlights from an open tab', async () => {
    const page = await article(1);
    await expect.poll(async () => (await highlightCounts(page))['backstory-person'] ?? 0).toBeGreaterThan(0);
    const countries = (await highlightCounts(page))['backstory-country'] ?? 0;
    expect(countries).toBeGreaterThan(0);
    const options = await openExtensionPage(ext, 'options.html');
    await options.getByTestId('type-person').uncheck();
    // The tab re-scans with the new settings: wait for the new highlights, not just for the old ones to go.
    await expect
      .poll(async () => {
        const c = await highlightCounts(page);
        return [c['backstory-person'] ?? 0, c['backstory-country'] ?? 0];
      }, POLL_RESCAN)
      .toEqual([0, countries]);
    await options.close();
    await page.close();
  });

  test('corrupted settings fall back to defaults (the page is highlighted) and keep the site rules they can read', async () => {
    await setRawSettings({ version: 42, enabled: 'sure', types: 'all', sites: { 'keep.example': 'never', 'bad host': 'never' }, highlightStyle: 7 });
    const page = await article(1);
    await expect.poll(() => total(page), POLL_RESCAN).toBeGreaterThan(0);
    const options = await openExtensionPage(ext, 'options.html');
    await options.locator('[data-testid=site-rule][data-host="keep.example"]').waitFor();
    expect(await options.getByTestId('site-rule').count()).toBe(1);
    expect(await options.getByTestId('enabled').isChecked()).toBe(true);
    await options.close();
    await page.close();
  });
});

/**
 * Chromium picks an extension's _locales by its own UI language, and falls back to English when its German
 * resources are not installed (Debian: the chromium-l10n package, which .ci/run installs).
 */
const localeDirs = ['/usr/lib/chromium/locales', join(dirname(realpathSync(chromePath())), 'locales')];

/**
 * Seed 1 in a German Chromium with the sidebar opened. Not skipped when the German resources are missing: CI
 * installs them, and a machine without them must say so. The caller closes `de`.
 */
async function openGermanSeed(): Promise<{ de: Extension; page: Page; sidebar: Frame }> {
  if (!localeDirs.some((d) => existsSync(join(d, 'de.pak')))) {
    throw new Error(`Chromium's German resources (de.pak) are not installed in ${localeDirs.join(' or ')}: on Debian, apt-get install chromium-l10n`);
  }
  const de = await launchExtension({ locale: 'de-DE' });
  const page = await de.context.newPage();
  await gotoAndReport(de, page, `${server.url}/seed/1`);
  // The sidebar may be remembered open for the site; otherwise it starts as its tab.
  return { de, page, sidebar: await loadedSidebar(page) };
}

describe('language', () => {
  test('a German browser gets the German interface and German dates', async () => {
    const { de, sidebar: frame } = await openGermanSeed();
    try {
      const sidebar = frame.getByRole('complementary', { name: 'Backstory: Hintergrund zu diesem Artikel' });
      await sidebar.waitFor();
      await sidebar.getByRole('button', { name: 'Nie auf dieser Website' }).waitFor();
      // Dates as German readers write them ("19. Juli 2022", "Juli 2022").
      const dates = await sidebar.locator('time').allTextContents();
      expect(dates.length).toBeGreaterThan(0);
      expect(dates.some((d) => /^(\d{1,2}\. )?(Jan\.|Feb\.|März|Apr\.|Mai|Juni|Juli|Aug\.|Sept\.|Okt\.|Nov\.|Dez\.|Januar|Februar|April|August|September|Oktober|November|Dezember) \d{4}$/.test(d))).toBe(true);
      const options = await openExtensionPage(de, 'options.html');
      await options.getByRole('heading', { name: 'Backstory-Einstellungen' }).waitFor();
      expect(await options.title()).toBe('Backstory-Einstellungen');
      expect(await options.evaluate(() => document.documentElement.lang)).toBe('de');
    } finally {
      await de.close();
    }
  });

  test('a German browser shows German names and event kinds; quotes stay in their source language', async () => {
    const { de, sidebar: frame } = await openGermanSeed();
    try {
      const sidebar = frame.getByTestId('sidebar');
      const chips = await sidebar.locator('.bs-chip').allTextContents();
      expect(chips).toContain('Russland');
      expect(chips).not.toContain('Russia');
      const kinds = (await sidebar.getByTestId('event-kind').allTextContents()).join(' ');
      expect(kinds).toMatch(/Treffen|Besuch|Gipfel|Angriff|Ankündigung|Invasion|Lieferung/);
      expect(kinds).not.toMatch(/Meeting|Summit|Attack|Visit/);
      // The seed is English: its quotes are shown as written.
      expect(await sidebar.getByTestId('quote').first().textContent()).toMatch(/\b(the|and|of)\b/);
    } finally {
      await de.close();
    }
  });
});
