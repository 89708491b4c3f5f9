/**
 * Accessibility of every surface (sidebar, popup, options, reader) in light and dark mode: axe-core must report
 * no serious or critical violation, and keyboard focus must be visible. axe is evaluated through the DevTools
 * protocol (an extension page's CSP would block an injected <script>); on web pages it runs over the shadow host
 * (the tab) and in the sidebar's own frame, the page itself is not ours.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BackstoryIndex } from '../../lib/index/types';
import { ROOT, launchExtension, loadedSidebar, openExtensionPage, openSidebar, startServer, gotoAndReport, type Extension, type Server } from './harness';

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const index = JSON.parse(readFileSync(join(ROOT, 'data/index.json'), 'utf8')) as BackstoryIndex;

interface AxeSummary {
  /** Serious and critical violations: rule id, impact and the first few offending nodes. */
  bad: Array<{ id: string; impact: string; nodes: string[] }>;
  /** How many rules passed: proof that axe looked at something. */
  passes: number;
}

async function axe(page: Page | Frame, include?: string): Promise<AxeSummary> {
  await page.evaluate(AXE);
  return page.evaluate(async (sel) => {
    const a = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown; failureSummary?: string }> }>; passes: unknown[] }> } }).axe;
    const r = await a.run(sel ? { include: [sel] } : document, { resultTypes: ['violations', 'passes'] });
    return {
      bad: r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, impact: v.impact!, nodes: v.nodes.slice(0, 3).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`) })),
      passes: r.passes.length,
    };
  }, include ?? null);
}

/** The focused element (inside shadow roots too) and whether it shows a focus outline. */
async function focusRing(page: Page | Frame): Promise<{ tag: string; visible: boolean }> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return { tag: 'body', visible: false };
    const cs = getComputedStyle(el);
    return { tag: el.tagName.toLowerCase(), visible: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 };
  });
}

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

describe.each(['light', 'dark'] as const)('accessibility in %s mode', (scheme) => {
  let ext: Extension;
  beforeAll(async () => {
    ext = await launchExtension({ colorScheme: scheme });
  });
  afterAll(async () => {
    await ext?.close();
  });

  test('sidebar: closed tab and open panel; Tab from the panel focuses a control with a visible ring', async () => {
    const page = await ext.context.newPage();
    const url = `${server.url}/seed/1`;
    await gotoAndReport(ext, page, url);
    const closed = await axe(page, 'backstory-root');
    expect(closed.bad).toEqual([]);
    await page.getByTestId('tab').click();
    const frame = await loadedSidebar(page);
    const open = await axe(frame);
    expect(open.bad).toEqual([]);
    expect(open.passes).toBeGreaterThan(5);
    // The panel takes focus when it opens; Tab moves through its controls.
    await expect.poll(() => frame.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null)).toBe('sidebar');
    await page.keyboard.press('Tab');
    expect(await focusRing(frame)).toEqual({ tag: 'button', visible: true });
    await page.close();
  });

  test('sidebar: no slide-in animation when the reader asks for reduced motion', async () => {
    const page = await ext.context.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const url = `${server.url}/seed/3`;
    await gotoAndReport(ext, page, url);
    const panel = (await openSidebar(page)).getByTestId('sidebar');
    expect(await panel.evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    expect(await panel.evaluate((el) => getComputedStyle(el).animationName)).toBe('bs-slide-in');
    await page.close();
  });

  test('popup: empty state with quick switches, and results', async () => {
    const popup = await openExtensionPage(ext, 'popup.html');
    await popup.getByTestId('quick-settings').waitFor();
    await popup.getByTestId('top-entities').locator('button').first().waitFor();
    const empty = await axe(popup);
    expect(empty.bad).toEqual([]);
    await popup.getByTestId('search').fill('Putin');
    await popup.getByTestId('result').first().waitFor();
    const results = await axe(popup);
    expect(results.bad).toEqual([]);
    await popup.keyboard.press('Tab');
    expect((await focusRing(popup)).visible).toBe(true);
    await popup.close();
  });

  test('options: with site rules listed; every control reachable by Tab with a visible focus', async () => {
    const options = await openExtensionPage(ext, 'options.html');
    await options.getByTestId('enabled').waitFor();
    await options.evaluate(() =>
      (globalThis as unknown as { chrome: { storage: { local: { set: (o: object) => Promise<void> } } } }).chrome.storage.local.set({
        settings: { version: 1, enabled: true, sites: { 'news.example': 'never', 'blog.example': 'always' }, types: ['person', 'country'], autoOpen: false, highlightStyle: 'underline', sidebarOpen: {} },
      }),
    );
    await expect.poll(() => options.getByTestId('site-rule').count()).toBe(2);
    const r = await axe(options);
    expect(r.bad).toEqual([]);
    expect(r.passes).toBeGreaterThan(5);
    // One Tab stop per control, except a radio group: Tab enters it once, the arrow keys move inside.
    const radios = await options.locator('input[type=radio]').count();
    const stops = (await options.locator('input, button').count()) - radios + (radios ? 1 : 0);
    for (let i = 0; i < stops; i++) {
      await options.keyboard.press('Tab');
      const ring = await focusRing(options);
      expect(['input', 'button'], `Tab ${i + 1}`).toContain(ring.tag);
      expect(ring.visible, `Tab ${i + 1} on ${ring.tag}`).toBe(true);
    }
    await options.close();
  });

  test('reader: the article with its cited passage, and an entity card open', async () => {
    const doc = index.documents[1]!;
    const s = doc.sentences[3]!;
    const reader = await openExtensionPage(ext, `reader.html#doc=${encodeURIComponent(doc.id)}&start=${s.start}&end=${s.end}`);
    await reader.getByTestId('cited').first().waitFor();
    const plain = await axe(reader);
    expect(plain.bad).toEqual([]);
    await reader.locator('.bs-mention').first().click();
    await reader.getByTestId('reader-card').getByTestId('entity').first().waitFor();
    const card = await axe(reader);
    expect(card.bad).toEqual([]);
    expect((await focusRing(reader)).tag).toBe('button');
    await reader.close();
  });
});
