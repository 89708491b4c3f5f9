/**
 * Issue 13, item 11: each bad input gets its own clear message (the one the sidebar, popup and toolbar tooltip show,
 * in English) and nothing is stored.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { bundledPipeline } from '../../../lib/library/bundled-pipeline';
import { LibraryEngine } from '../../../lib/library/engine';
import { LibraryError } from '../../../lib/library/errors';
import type { PageSnapshot } from '../../../lib/library/extract';
import { LibraryStore } from '../../../lib/library/store';
import { libraryMessage } from '../../../lib/ui/library';
import { ROOT, useLocale } from '../helpers';

const pipeline = bundledPipeline();
const win = new Window();
const parse = (html: string): Document => new win.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
const fixture = (file: string): string => readFileSync(join(ROOT, 'tests/fixtures/library', file), 'utf8');
const snap = (html: string, url: string, contentType = 'text/html'): PageSnapshot => ({ url, html, lang: '', contentType });

let engine: LibraryEngine;
beforeAll(() => useLocale('en'));
beforeEach(async () => {
  engine = new LibraryEngine(await LibraryStore.open(new IDBFactory()), pipeline, parse, () => new Date('2026-01-02T03:04:05Z'));
});

/** What the reader is told when adding `page` fails (throws when it does not), after checking nothing was stored. */
async function refused(page: PageSnapshot, storedBefore = 0): Promise<{ code: string; message: string }> {
  let error: unknown = null;
  await engine.addPage(page).catch((e: unknown) => {
    error = e;
  });
  if (!(error instanceof LibraryError)) throw new Error(`expected a LibraryError, got ${error === null ? 'an added article' : String(error)}`);
  expect(await engine.store.count()).toBe(storedBefore);
  return { code: error.code, message: libraryMessage({ ok: false, code: error.code, detail: error.detail }) };
}

/** An article in Italian with no `lang` anywhere (invented reporting, as every library fixture). */
const ITALIAN = `<!doctype html><html><head><meta charset="utf-8"><title>Il corridoio tra Russia e Iran</title></head><body><main><article>
<h1>Il corridoio tra Russia e Iran accelera</h1>
${[
  'I ministri degli esteri della Russia e dell’Iran hanno firmato ieri a Mosca un accordo per rendere più veloce il trasporto delle merci lungo il corridoio che unisce i due paesi attraverso il Mar Caspio.',
  'Secondo il testo, le dogane dei due paesi useranno regole comuni per i vagoni e una sola lettera di vettura elettronica per tutto il viaggio, dai porti del nord fino al Golfo.',
  'I funzionari russi hanno detto che il corridoio potrebbe trasportare venti milioni di tonnellate di merci ogni anno entro la fine del decennio, mentre quelli iraniani hanno promesso di finire la loro parte della ferrovia in tre anni.',
  'Alcuni diplomatici europei si sono mostrati più prudenti: hanno ricordato che promesse simili erano già state fatte molte volte negli ultimi anni, senza risultati visibili, e che il tratto mancante della ferrovia è ancora da costruire.',
  'Gli operatori dei porti sul Caspio hanno accolto bene la notizia, ma hanno aggiunto che mancano ancora gru e magazzini per le merci in arrivo.',
]
  .map((p) => `<p>${p}</p>`)
  .join('\n')}
</article></main></body></html>`;

const NOT_ARTICLE = 'This page is not an article (a list, a search or a home page): nothing was added.';

describe('bad input: a clear message, nothing stored', () => {
  test('a home page (the site\'s root) is not an article', async () => {
    expect(await refused(snap(fixture('home.html'), 'https://news.example/'))).toEqual({ code: 'notArticle', message: NOT_ARTICLE });
  });

  test('a list of links at an article-like address is not an article', async () => {
    expect(await refused(snap(fixture('home.html'), 'https://news.example/2025/latest-stories'))).toEqual({ code: 'notArticle', message: NOT_ARTICLE });
  });

  test('a search page is not an article, by its address or, at any address, by its linked headlines with a line each', async () => {
    expect(await refused(snap(fixture('search.html'), 'https://news.example/search?q=corridor'))).toEqual({ code: 'notArticle', message: NOT_ARTICLE });
    expect(await refused(snap(fixture('search.html'), 'https://news.example/2025/corridor-results'))).toEqual({ code: 'notArticle', message: NOT_ARTICLE });
  });

  test('a paywall teaser', async () => {
    expect(await refused(snap(fixture('paywall.html'), 'https://news.example/2025/drone-deal'))).toEqual({ code: 'paywall', message: 'Only a paywall teaser is on this page: nothing was added.' });
  });

  test('the PDF viewer: a PDF by its content type or its address', async () => {
    const message = 'This is a PDF: Backstory adds web articles only. Nothing was added.';
    expect(await refused(snap(fixture('corridor-deal.html'), 'https://news.example/2025/corridor', 'application/pdf'))).toEqual({ code: 'pdf', message });
    expect(await refused(snap('', 'https://news.example/files/corridor-accord.pdf'))).toEqual({ code: 'pdf', message });
    // Where no content script runs (Chromium's PDF viewer), the page gives no snapshot: the message names the viewer.
    expect(libraryMessage({ ok: false, code: 'unreadable', detail: '' })).toContain('a PDF viewer');
  });

  test('a tiny text says how many words it has; an empty page is refused too', async () => {
    expect(await refused(snap(fixture('tiny.html'), 'https://news.example/2025/lavrov-tehran'))).toEqual({ code: 'tiny', message: 'Too little text for an article (18 words): nothing was added.' });
    const empty = await refused(snap('<!doctype html><html lang="en"><head><title>Lavrov in Tehran</title></head><body><main><article><h1>Lavrov in Tehran</h1></article></main></body></html>', 'https://news.example/2025/empty'));
    expect(empty.message).toMatch(/nothing was added\.$/);
    expect(['tiny', 'notArticle']).toContain(empty.code);
  });

  test('the same article again: at the same address, and with the same text at another address (naming the first)', async () => {
    const added = await engine.addPage(snap(fixture('corridor-deal.html'), 'https://news.example/2025/corridor'));
    expect(await refused(snap(fixture('corridor-deal.html'), 'https://news.example/2025/corridor#comments'), 1)).toEqual({ code: 'duplicateUrl', message: 'This article is already in your library.' });
    expect(await refused(snap(fixture('corridor-deal.html'), 'https://mirror.example/copy'), 1)).toEqual({
      code: 'duplicateText',
      message: `This article is already in your library (same text as “${added.item.title}”).`,
    });
  });

  test('a language without support, stated or detected, names the supported ones', async () => {
    const message = 'This article’s language is not supported; supported are: de, en, es, fa, fr, ru. Nothing was added.';
    expect(await refused(snap(fixture('italian.html'), 'https://news.example/2025/corridoio'))).toEqual({ code: 'language', message });
    // No `lang` on the page: the language is detected from the text (Italian, written for this test).
    expect(await refused(snap(ITALIAN, 'https://news.example/2025/corridoio'))).toEqual({ code: 'language', message });
  });
});
