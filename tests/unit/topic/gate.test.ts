// @vitest-environment happy-dom
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scanDocument } from '../../../lib/dom/scan';
import { countWords, decide, THRESHOLD, type ZonedMention } from '../../../lib/topic/gate';
import { ROOT, realMatcher } from '../helpers';

const PAGES = join(ROOT, 'tests/fixtures/pages');
const scanFixture = (name: string) => {
  const doc = new DOMParser().parseFromString(readFileSync(join(PAGES, name), 'utf8'), 'text/html');
  return scanDocument(doc, realMatcher().matcher);
};

describe('topic gate on fixture pages (expected result in each file name: on-* / off-*)', () => {
  const files = readdirSync(PAGES).filter((n) => n.endsWith('.html'));
  const further = ['ar', 'it', 'pl', 'tr', 'uk', 'zh'];
  test('there are off-topic traps and on-topic pages in eleven languages, one side only in each further one', () => {
    expect(files.filter((f) => f.startsWith('off-')).length).toBeGreaterThanOrEqual(4);
    expect(files.filter((f) => f.startsWith('on-')).sort()).toEqual(['de', 'es', 'fa', 'fr', 'ru', ...further].sort().map((l) => `on-${l}.html`));
    for (const lang of further) expect(files.filter((f) => f.startsWith(`off-${lang}-`)), lang).toHaveLength(1);
  });
  test.each(files)('%s', (name) => {
    const scan = scanFixture(name);
    expect(scan.decision.onTopic, scan.decision.reasons.join('; ')).toBe(name.startsWith('on-'));
  });
});

describe('topic gate signals', () => {
  const { table } = realMatcher();
  const idx = (id: string): number => table.entities.findIndex((e) => e.id === id);
  const m = (id: string, start: number, zone: ZonedMention['zone'] = 'body', demonym = false): ZonedMention => ({ entity: idx(id), start, end: start + 5, zone, demonym });

  test('the same mentions count for little in a sidebar and a lot in the title and lead', () => {
    const inAside = [m('country:russia', 0, 'aside'), m('country:iran', 10, 'aside'), m('person:vladimir-putin', 20, 'aside'), m('place:tehran', 30, 'aside')];
    const inText = inAside.map((x, i) => ({ ...x, zone: (i < 2 ? 'title' : 'lead') as ZonedMention['zone'] }));
    expect(decide(table, inAside, 100).onTopic).toBe(false);
    const d = decide(table, inText, 100);
    expect(d.onTopic).toBe(true);
    expect(d.reasons).toContain('both named in the title');
  });

  test('one side only is never on topic, however often it is named', () => {
    const many = Array.from({ length: 40 }, (_, i) => m(i % 2 ? 'person:vladimir-putin' : 'country:russia', i * 20));
    const d = decide(table, many, 800);
    expect(d.onTopic).toBe(false);
    expect(d.signals.iran).toBe(0);
  });

  test('one passing mention of Iran near many Russian names makes at most two "together" places', () => {
    const list = [m('country:iran', 100), ...Array.from({ length: 10 }, (_, i) => m('place:kazan', 110 + i * 10))];
    expect(decide(table, list, 300).signals.together).toBe(2);
  });

  test('story-specific entities (Shahed, the treaty) and BRICS with both sides raise the score', () => {
    const base = [m('country:russia', 0), m('country:iran', 400)];
    const plain = decide(table, base, 60).score;
    const shahed = decide(table, [...base, m('weapon:shahed-136', 800)], 60).score;
    const brics = decide(table, [...base, m('org:brics', 800)], 60);
    expect(shahed).toBeGreaterThan(plain);
    expect(brics.signals.specific).toContain('org:brics');
    expect(decide(table, [m('country:russia', 0), m('org:brics', 10)], 60).signals.specific).not.toContain('org:brics');
  });

  test('Chinese and Japanese are counted two characters to the word, so a long page in them is diluted too', () => {
    expect(countWords('俄罗斯和伊朗签署条约')).toBe(5);
    expect(countWords('Putin 和 Pezeshkian')).toBe(3);
    expect(countWords('ロシアとイラン')).toBe(4);
    const few = [m('country:russia', 0), m('country:iran', 30), m('place:moscow', 60), m('place:tehran', 90), m('person:vladimir-putin', 120), m('person:masoud-pezeshkian', 150)];
    const longChinese = '莫斯科今日天气晴朗，市民外出游玩。'.repeat(600);
    expect(decide(table, few, countWords(longChinese)).onTopic).toBe(false);
  });

  test('a long page that names both a few times is diluted below the threshold', () => {
    const few = [m('country:russia', 0), m('country:iran', 30), m('place:moscow', 60), m('place:tehran', 90), m('person:vladimir-putin', 120), m('person:masoud-pezeshkian', 150)];
    expect(decide(table, few, 100).score).toBeGreaterThanOrEqual(THRESHOLD);
    expect(decide(table, few, 5000).onTopic).toBe(false);
  });
});
