// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import { collectSteps, collectText, contextOf, rangeFor, runToEnd } from '../../../lib/dom/collect';

// happy-dom has no StaticRange; a plain record of the same shape stands in for it.
(globalThis as { StaticRange?: unknown }).StaticRange ??= class {
  constructor(init: object) {
    Object.assign(this, init);
  }
};

function page(html: string): Document {
  document.documentElement.innerHTML = `<head></head><body>${html}</body>`;
  return document;
}

/** Each case: HTML, then the expected collected text (block breaks as "\n"). */
const CASES: Array<[string, string, string]> = [
  ['inline elements join, blocks break', '<p>Pu<b>tin</b> met</p><p>Raisi</p>', 'Putin met\nRaisi\n'],
  ['script, style, noscript, template are skipped', '<p>a</p><script>Russia</script><style>.Iran{}</style><noscript>Iran</noscript><template><p>Iran</p></template><p>b</p>', 'a\nb\n'],
  ['form controls and select options are skipped', '<p>a<select><option>Russia</option></select><input value="Iran"><textarea>Iran</textarea><button>Iran</button></p>', 'a\n'],
  ['contenteditable and hidden elements are skipped', '<div contenteditable="true">Russia</div><div hidden>Iran</div><div aria-hidden="true">Iran</div><div style="display: none">Iran</div><p>ok</p>', 'ok\n'],
  ['contenteditable="false" is read', '<div contenteditable="false">Iran</div>', 'Iran\n'],
  ['page-level nav, header and footer are chrome', '<header>Russia news</header><nav>Iran</nav><article><p>body</p></article><footer>Moscow office</footer>', 'body\n'],
  ['a header inside the article is read', '<article><header><h1>Putin in Tehran</h1></header><p>text</p></article>', 'Putin in Tehran\ntext\n'],
  ['role=navigation and role=search are chrome', '<div role="navigation">Russia</div><div role="search">Iran</div><p>x</p>', 'x\n'],
];

describe('collectText', () => {
  test.each(CASES)('%s', (_name, html, expected) => {
    expect(collectText(page(html).body).text).toBe(expected);
    // The quick reject's text-only walk reads the same text and keeps no node map.
    const quick = collectText(page(html).body, { textOnly: true });
    expect(quick.text).toBe(expected);
    expect([quick.nodes, quick.starts, quick.zones]).toEqual([[], [], []]);
  });

  test('Backstory’s own host is never read', () => {
    const doc = page('<p>a</p><backstory-root>Russia</backstory-root>');
    expect(collectText(doc.body, { exclude: doc.querySelector('backstory-root') }).text).toBe('a\n');
  });

  test('zones: h1 is the title, the first body text the lead, aside and in-article footer the aside', () => {
    const doc = page(`<article><h1>T</h1><p>${'lead '.repeat(10)}</p><aside>side</aside><p>${'x'.repeat(700)}</p><p>late</p><footer>foot</footer></article>`);
    const p = collectText(doc.body);
    const zoneOf = (s: string): string => p.zones[p.nodes.findIndex((n) => n.data.includes(s))]!;
    expect([zoneOf('T'), zoneOf('lead'), zoneOf('side'), zoneOf('late'), zoneOf('foot')]).toEqual(['title', 'lead', 'aside', 'body', 'aside']);
  });

  test('offsets map back to DOM text nodes, across an inline boundary', () => {
    const doc = page('<p>Vladimir Pu<b>tin</b> spoke</p>');
    const p = collectText(doc.body);
    const start = p.text.indexOf('Vladimir');
    const r = rangeFor(p, start, start + 'Vladimir Putin'.length)!;
    expect(r.startContainer).toBe(doc.querySelector('p')!.firstChild);
    expect(r.startOffset).toBe(0);
    expect(r.endContainer).toBe(doc.querySelector('b')!.firstChild);
    expect(r.endOffset).toBe(3);
  });

  test('open shadow roots are read (before the light children), each as its own block, mapped back to their nodes', () => {
    const doc = page('<p>Intro</p><news-card><span slot="by">By Anna</span></news-card><p>End</p>');
    const host = doc.querySelector('news-card')!;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<h2>Pu<b>tin</b> in Tehran</h2><p>Talks on drones.</p>';
    const p = collectText(doc.body);
    expect(p.text).toBe('Intro\nPutin in Tehran\nTalks on drones.\nBy Anna\nEnd\n');
    const start = p.text.indexOf('Putin');
    const r = rangeFor(p, start, start + 5)!;
    expect(r.startContainer).toBe(shadow.querySelector('h2')!.firstChild);
    expect(r.endContainer).toBe(shadow.querySelector('b')!.firstChild);
    expect(r.endContainer.getRootNode()).toBe(shadow);
  });

  test('contextOf: where a subtree added later sits (null when the collector would skip it)', () => {
    const doc = page('<nav><ul id="n"></ul></nav><article><aside id="a"></aside><div id="b"></div><form><select id="s"></select></form></article><div contenteditable id="e"></div>');
    expect(contextOf(doc.getElementById('n')!)).toBeNull();
    expect(contextOf(doc.getElementById('a')!)).toEqual({ zone: 'aside', inArticle: true });
    expect(contextOf(doc.getElementById('b')!)).toEqual({ zone: 'body', inArticle: true });
    expect(contextOf(doc.getElementById('s')!)).toBeNull();
    expect(contextOf(doc.getElementById('e')!)).toBeNull();
  });

  // Last: happy-dom itself recurses when such a tree is replaced.
  test('a deeply nested page does not overflow the stack', () => {
    const doc = page('');
    let el: Element = doc.body;
    for (let i = 0; i < 20_000; i++) el = el.appendChild(doc.createElement('span'));
    el.textContent = 'deep Iran';
    expect(collectText(doc.body).text).toBe('deep Iran');
  });
});

describe('collectSteps on a large page', () => {
  test('yields between its queries of the page, every `step` nodes, and once more before joining the text (a copy of the whole of it), with the same text as in one go', () => {
    const doc = new DOMParser().parseFromString(`<html><body>${'<p>Putin <b>in</b> Tehran.</p>'.repeat(500)}</body></html>`, 'text/html');
    const gen = collectSteps(doc.body, {}, 100);
    let yields = 0;
    let r = gen.next();
    for (; !r.done; r = gen.next()) yields++;
    // A query per attribute the rules read (five: four yields between them); then 500 paragraphs of 5 nodes (p,
    // two texts, b, its text): 2,500 nodes, a yield per 100, one more.
    expect(yields).toBe(4 + 2500 / 100 + 1);
    const once = collectText(doc.body);
    expect(r.value.text).toBe(once.text);
    expect(r.value.starts).toEqual(once.starts);
    expect(r.value.zones).toEqual(once.zones);
    expect(r.value.nodes.every((n, i) => n === once.nodes[i])).toBe(true);
    // Left in pieces, the text is the same, never joined whole.
    const pieces = runToEnd(collectSteps(doc.body, { textOnly: true, pieces: true }, 100));
    expect(pieces.text).toBe('');
    expect(pieces.pieces!.join('')).toBe(once.text);
    // A walk shorter than a step joins in the same step: no yield but the queries'.
    const small = collectSteps(new DOMParser().parseFromString('<p>Putin in Tehran.</p>', 'text/html').body, {}, 100);
    for (let i = 0; i < 4; i++) expect(small.next().done).toBe(false);
    expect(small.next().done).toBe(true);
  });
});
