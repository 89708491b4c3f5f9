// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import { PageMentions } from '../../../lib/content/mentions';
import { collectText, runToEnd } from '../../../lib/dom/collect';
import { MATCH_STEP } from '../../../lib/dom/scan';
import { Matcher } from '../../../lib/match/matcher';
import { SideCheck, sidePatterns } from '../../../lib/match/sides';
import { packTable } from '../../../lib/match/packed';
import { decide } from '../../../lib/topic/gate';
import { realMatcher } from '../helpers';

const matcher = new Matcher(packTable(realMatcher().table));
const parse = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');
const scanned = (doc: Document): PageMentions => {
  const m = new PageMentions(doc, matcher, () => null);
  runToEnd(m.fullScan());
  return m;
};

describe('quick reject (content script)', () => {
  test('a page naming only one side is left after one pass: nothing kept, not on topic', () => {
    const m = scanned(parse('<title>Putin in Moscow</title><h1>Putin</h1><p>Putin visited Kazan with Lavrov. Moscow said so.</p><time datetime="2024-10-22">x</time>'));
    expect(m.rejected).toBe(true);
    expect(m.found).toEqual([]);
    expect(m.title).toEqual([]);
    expect(m.date).toBeNull();
    expect(decide(matcher.table, m.zoned(), m.words).onTopic).toBe(false);
  });

  test('a page naming both sides is scanned in full', () => {
    const m = scanned(parse('<h1>Putin meets Raisi in Tehran</h1><p>Russian President Vladimir Putin met Iranian President Ebrahim Raisi in Tehran.</p>'));
    expect(m.rejected).toBe(false);
    expect(m.found.map((f) => f.entity.id)).toContain('person:ebrahim-raisi');
    expect(decide(matcher.table, m.zoned(), m.words).onTopic).toBe(true);
  });

  test('text added later: without a side name the page stays rejected; with the missing side it is scanned again in full', () => {
    const doc = parse('<main><p>Putin visited Kazan with Lavrov. Moscow hosted the summit.</p></main>');
    const m = scanned(doc);
    expect(m.rejected).toBe(true);
    const plain = doc.createElement('p');
    plain.textContent = 'Weather: sunny in the afternoon.';
    doc.querySelector('main')!.append(plain);
    runToEnd(m.addRoots([plain]));
    expect(m.rejected).toBe(true);
    expect(m.found).toEqual([]);
    const more = doc.createElement('p');
    more.textContent = 'Iranian President Ebrahim Raisi met Putin in Tehran; Iran and Russia signed a deal.';
    doc.querySelector('main')!.append(more);
    runToEnd(m.addRoots([more]));
    expect(m.rejected).toBe(false);
    // The full scan found the first paragraph's names too, not only the added ones.
    expect(m.found.map((f) => f.entity.id)).toContain('person:sergey-lavrov');
    expect(m.found.map((f) => f.entity.id)).toContain('person:ebrahim-raisi');
  });

  test('the first scan of a page the quick reject let through skips the side check; a later scan runs it', () => {
    // A side check that never finds a side: only a scan that skips it can find the page on topic.
    const none = sidePatterns(realMatcher().table);
    const blind = new SideCheck({ ...none, russia: { words: [], rows: [], entries: [] }, iran: { words: [], rows: [], entries: [] } });
    const doc = parse('<h1>Putin meets Raisi in Tehran</h1><p>Russian President Vladimir Putin met Iranian President Ebrahim Raisi in Tehran.</p>');
    const m = new PageMentions(doc, matcher, () => null, blind);
    runToEnd(m.fullScan(true));
    expect(m.rejected).toBe(false);
    expect(decide(matcher.table, m.zoned(), m.words).onTopic).toBe(true);
    runToEnd(m.fullScan());
    expect(m.rejected).toBe(true);
  });
});

describe('a huge page', () => {
  test('text read again replaces what was found in it, on a page of more nodes than one step looks up (the lookups yield every 4,000)', () => {
    const doc = parse(`<html><body><article><h1>Putin meets Pezeshkian</h1>${'<p>Filler <i>words</i>.</p>'.repeat(5000)}<p id="x">Putin in Tehran.</p></article></body></html>`);
    const m = scanned(doc);
    const before = m.found.length;
    runToEnd(m.addRoots([doc.body]));
    expect(m.found.length).toBe(before);
    doc.getElementById('x')!.textContent = 'Lavrov in Tehran.';
    runToEnd(m.addRoots([doc.getElementById('x')!]));
    expect(m.found.map((f) => f.entity.id).filter((id) => id.includes('lavrov') || id.includes('putin'))).toEqual(['person:vladimir-putin', 'person:sergey-lavrov']);
  });
});

describe('ofTypes', () => {
  const doc = (): Document => parse(`<html><body><article><h1>Putin meets Pezeshkian</h1>${'<p>Putin and Lavrov in Tehran with Araghchi.</p>'.repeat(300)}</article></body></html>`);
  const persons = new Set(['person'] as const);

  test('the first `limit` of these types, in document order: what filtering all and slicing gives, without reading past the limit', () => {
    const m = scanned(doc());
    const all = m.found.filter((f) => f.entity.type === 'person');
    expect(all.length).toBeGreaterThan(900);
    expect(m.ofTypes(persons)).toEqual(all);
    expect(m.ofTypes(persons, 50)).toEqual(all.slice(0, 50));
    let read = 0;
    const counting = new Set(['person'] as const);
    counting.has = (t) => (read++, t === 'person');
    m.ofTypes(counting, 50);
    expect(read).toBeLessThan(100);
  });

  test('mentions added later (out of document order) are sorted first, then limited', () => {
    const d = doc();
    const m = scanned(d);
    const p = d.createElement('p');
    p.textContent = 'Lavrov first.';
    d.querySelector('article')!.prepend(p);
    runToEnd(m.addRoots([p]));
    expect(m.inOrder).toBe(false);
    const first = m.ofTypes(persons, 3);
    expect(first.map((f) => f.entity.id)).toEqual(['person:sergey-lavrov', 'person:vladimir-putin', 'person:masoud-pezeshkian']);
    expect(m.ofTypes(persons, 3)).toEqual(m.ofTypes(persons).slice(0, 3));
  });
});

describe('the decision and the mentions shown, a step at a time (a huge page has 50,000 mentions)', () => {
  /** Runs a walk to the end; returns its value and how many times it yielded. */
  function steps<T>(gen: Generator<void, T, void>): { value: T; yields: number } {
    let yields = 0;
    for (let r = gen.next(); ; r = gen.next(), yields++) if (r.done) return { value: r.value, yields };
  }
  const doc = (): Document => parse(`<html><head><title>Russia and Iran</title></head><body><article><h1>Putin meets Pezeshkian</h1>${'<p>Putin and Lavrov in Tehran with Araghchi.</p>'.repeat(100)}</article></body></html>`);

  test('decideSteps decides as decide on zoned(), title first, yielding every `step` mentions', () => {
    const m = scanned(doc());
    const n = m.found.length;
    expect(n).toBeGreaterThan(300);
    expect(m.title.length).toBeGreaterThan(0);
    const whole = decide(matcher.table, m.zoned(), m.words);
    for (const step of [1, 7, 100, n, 10 * n]) {
      const { value, yields } = steps(m.decideSteps(matcher.table, step));
      expect(value, `step ${step}`).toEqual(whole);
      expect(yields, `step ${step}`).toBe(Math.ceil(n / step) - 1);
    }
  });

  test('ofTypesSteps gives what ofTypes gives, in order or not, yielding as it reads', () => {
    const d = doc();
    const m = scanned(d);
    const types = new Set(['person', 'place'] as const);
    expect(steps(m.ofTypesSteps(types, Infinity, 50)).value).toEqual(m.ofTypes(types));
    const limited = steps(m.ofTypesSteps(types, 40, 10));
    expect(limited.value).toEqual(m.ofTypes(types, 40));
    // In order, it reads no further than the limit: the 40 are among the first 60 mentions.
    expect(limited.yields).toBeLessThan(6);
    const p = d.createElement('p');
    p.textContent = 'Lavrov first.';
    d.querySelector('article')!.prepend(p);
    runToEnd(m.addRoots([p]));
    expect(m.inOrder).toBe(false);
    const sorted = steps(m.ofTypesSteps(types, 40, 50));
    expect(sorted.value).toEqual(m.ofTypes(types, 40));
    expect(sorted.value[0]!.entity.id).toBe('person:sergey-lavrov');
    expect(sorted.yields).toBeGreaterThan(m.found.length / 50 - 1);
  });
});

describe('a page naming more than the mentions kept', () => {
  // 100 paragraphs of about 400 characters: the text is matched in several steps (MATCH_STEP characters each).
  const filler = ' Words about the harvest and the weather.'.repeat(9);
  const page = (iranAt: number): Document =>
    parse(`<html><body><article>${Array.from({ length: 100 }, (_, i) => `<p>${i === iranAt ? 'Pezeshkian in Tehran.' : 'Putin and Lavrov in Moscow.'}${filler}</p>`).join('')}</article></body></html>`);

  test('only the mentions kept are matched, the words all counted; a side named past them still counts', () => {
    // 0: among the kept mentions; 40: past the first step matched (about 20 paragraphs); 99: the last paragraph.
    for (const iranAt of [0, 40, 99]) {
      const all = scanned(page(iranAt));
      const kept = new PageMentions(page(iranAt), matcher, () => null, null, 12);
      runToEnd(kept.fullScan());
      expect(all.found.length).toBeGreaterThan(250);
      expect(collectText(page(iranAt).body).text.length).toBeGreaterThan(4 * MATCH_STEP);
      expect(kept.rejected, `Iran named in paragraph ${iranAt}`).toBe(false);
      expect(kept.words).toBe(all.words);
      expect(kept.found.map((f) => [f.entity.id, f.zm.start])).toEqual(all.found.slice(0, 12).map((f) => [f.entity.id, f.zm.start]));
    }
    // Never named: rejected, with the kept mentions or all of them.
    const none = new PageMentions(page(-1), matcher, () => null, null, 12);
    runToEnd(none.fullScan());
    expect(none.rejected).toBe(true);
  });
});
