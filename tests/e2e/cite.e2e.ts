/**
 * Citations in real Chromium: "Copy citation" in the sidebar (an extension frame inside a page of another origin),
 * in the reader (the claim at its cited passage) and from the keyboard in the popup's entity card put the citation
 * on the system clipboard, read back here; the confirmation shows in a status region.
 */
import { describe, expect, test } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackstoryIndex } from '../../lib/index/types';
import { ROOT, loadedSidebar, openExtensionPage, useSession } from './harness';

const index = JSON.parse(readFileSync(join(ROOT, 'data/index.json'), 'utf8')) as BackstoryIndex;
const session = useSession();

/**
 * The system clipboard, read and written from a page of the test server (its origin granted the clipboard
 * permissions; the extension has none for reading), brought to the front for it (the Clipboard API needs focus).
 */
async function withClipboardPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const page = await session.ext.context.newPage();
  try {
    await session.ext.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.server.url });
    await page.goto(`${session.server.url}/pages/off-country-dropdown.html`, { waitUntil: 'domcontentloaded' });
    await page.bringToFront();
    return await fn(page);
  } finally {
    await page.close();
  }
}

const clipboardText = (): Promise<string> => withClipboardPage((p) => p.evaluate(() => navigator.clipboard.readText()));

/** Puts a marker on the clipboard, so that a copy that did nothing cannot pass for one. */
const clearClipboard = (): Promise<void> => withClipboardPage((p) => p.evaluate(() => navigator.clipboard.writeText('(nothing copied yet)')));

const docOf = (id: string) => index.documents.find((d) => d.id === id)!;

describe('citations', () => {
  test('sidebar: "Copy citation" copies the quote, what happened, the date and the source; "Citation copied" is announced', async () => {
    const page = await session.ext.context.newPage();
    try {
      await page.goto(`${session.server.url}/seed/1`);
      const frame: Frame = await loadedSidebar(page);
      await clearClipboard();
      await page.bringToFront();
      const event = frame.getByTestId('event').first();
      const id = await event.getAttribute('data-id');
      const ev = index.events.find((e) => e.id === id)!;
      expect(ev, `event ${id} in the index`).toBeTruthy();
      const button = event.getByTestId('cite-text').first();
      await button.click();
      const status = event.getByTestId('cite-status').first();
      await expect.poll(() => status.textContent()).toBe('Citation copied');
      expect(await status.getAttribute('role')).toBe('status');
      const text = await clipboardText();
      const doc = docOf(ev.sources[0]!.docId);
      expect(text).toContain(`“${ev.sources[0]!.quote}”`);
      expect(text).toContain(`What happened: ${ev.summary}`);
      expect(text).toContain(`“${doc.title}”`);
      expect(text).toMatch(/^Date: .+ \((date stated in the text|date inferred from the article’s date|date taken from the article’s date, set by the editors)\)$/m);
      // The seeds carry no web address (seeds/metadata.json): the citation says so instead of leaving it out.
      expect(doc.url).toBeUndefined();
      expect(text).toContain('(no web address on record)');
    } finally {
      await page.close();
    }
  });

  test('sidebar: a claim copied as Markdown from the keyboard', async () => {
    const page = await session.ext.context.newPage();
    try {
      await page.goto(`${session.server.url}/seed/1`);
      const frame = await loadedSidebar(page);
      await clearClipboard();
      await page.bringToFront();
      const claim = frame.getByTestId('claim').first();
      const claimId = await claim.getAttribute('data-id');
      const c = index.claims.find((x) => x.id === claimId)!;
      const button = claim.getByTestId('cite-markdown');
      expect(await button.getAttribute('aria-label')).toBe('Copy citation as Markdown');
      await button.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => claim.getByTestId('cite-status').textContent()).toBe('Citation copied as Markdown');
      const md = await clipboardText();
      expect(md.split('\n')[0]).toMatch(/^> /);
      expect(md).toContain(`- **Who said it:** `);
      expect(md).toContain(`- **What was claimed:** `);
      expect(md).toContain(`*${docOf(c.docId).title.replace(/[\\`*_[\]<>|~]/g, '\\$&')}*`);
    } finally {
      await page.close();
    }
  });

  test('reader: the claim at the cited passage copied, read back from the clipboard', async () => {
    const claim = index.claims.find((c) => c.stance === 'denies') ?? index.claims[0]!;
    const reader = await openExtensionPage(session.ext, `reader.html#doc=${encodeURIComponent(claim.docId)}&start=${claim.start}&end=${claim.end}`);
    try {
      await reader.getByTestId('cited').first().waitFor();
      await clearClipboard();
      await reader.bringToFront();
      const box = reader.getByTestId('reader-cite').locator(`[data-testid=claim][data-id="${claim.id}"]`);
      await box.getByTestId('cite-text').click();
      await expect.poll(() => box.getByTestId('cite-status').textContent()).toBe('Citation copied');
      const text = await clipboardText();
      expect(text).toContain(`“${claim.quote}”`);
      expect(text).toContain(`Who said it: ${claim.claimant.text} (denies)`);
      expect(text).toContain(`“${docOf(claim.docId).title}”`);
      expect(text).toContain('(no web address on record)');
    } finally {
      await reader.close();
    }
  });

  test('popup: an entity card\'s event copied with Enter, read back from the clipboard', async () => {
    const popup = await openExtensionPage(session.ext, 'popup.html');
    try {
      await clearClipboard();
      await popup.bringToFront();
      // A search first, so that the card opens with results behind it (Enter must not open one of those instead).
      await popup.getByTestId('search').fill('schoigu');
      await popup.getByTestId('result').first().waitFor();
      await popup.keyboard.press('Enter');
      const event = popup.getByTestId('event').first();
      await event.waitFor();
      const eventId = await event.getAttribute('data-id');
      const ev = index.events.find((e) => e.id === eventId)!;
      await event.getByTestId('cite-text').first().focus();
      await popup.keyboard.press('Enter');
      await expect.poll(() => event.getByTestId('cite-status').first().textContent()).toBe('Citation copied');
      expect(new URL(popup.url()).pathname).toBe('/popup.html');
      const text = await clipboardText();
      expect(text).toContain(`“${ev.sources[0]!.quote}”`);
      expect(text).toContain(`“${docOf(ev.sources[0]!.docId).title}”`);
      expect(text).toContain('(no web address on record)');
    } finally {
      await popup.close();
    }
  });
});
