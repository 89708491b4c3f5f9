// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { headings, sectionIndexes } from '../../../lib/dom/sections';
import { paintPlan, sectionKey, type DensityMention } from '../../../lib/highlight/density';
import { loadContext, scanFile } from '../../../lib/cli/scan-files';
import { ROOT } from '../helpers';
import { join } from 'node:path';

const russia = { id: 'country:russia', common: true };
const iran = { id: 'country:iran', common: true };
const post = { id: 'org:washington-post', outlet: true };
const shahed = { id: 'weapon:shahed-136' };
const putin = { id: 'person:vladimir-putin' };
const m = (entity: DensityMention['entity'], section: number | string): DensityMention => ({ entity, section });
const show = (plan: Array<{ mention: DensityMention; style: string }>): string[] => plan.map((p) => `${p.mention.entity.id.split(':')[1]}@${p.mention.section}:${p.style}`);

describe('paintPlan', () => {
  const page = [m(russia, 0), m(shahed, 0), m(russia, 0), m(iran, 0), m(shahed, 0), m(post, 0), m(russia, 1), m(putin, 1), m(putin, 1), m(iran, 1)];

  it('story (default): specific names everywhere; common names and outlets once per section, quiet', () => {
    expect(show(paintPlan(page, 'story'))).toEqual([
      'russia@0:quiet',
      'shahed-136@0:full',
      'iran@0:quiet',
      'shahed-136@0:full',
      'washington-post@0:quiet',
      'russia@1:quiet',
      'vladimir-putin@1:full',
      'vladimir-putin@1:full',
      'iran@1:quiet',
    ]);
  });

  it('first: the first mention of every name in each section, full style', () => {
    expect(show(paintPlan(page, 'first'))).toEqual(['russia@0:full', 'shahed-136@0:full', 'iran@0:full', 'washington-post@0:full', 'russia@1:full', 'vladimir-putin@1:full', 'iran@1:full']);
  });

  it('all: every mention, full style, in order', () => {
    const plan = paintPlan(page, 'all');
    expect(plan.map((p) => p.mention)).toEqual(page);
    expect(new Set(plan.map((p) => p.style))).toEqual(new Set(['full']));
  });

  it('an aside is a section of its own', () => {
    expect(sectionKey(2, 'aside')).not.toEqual(sectionKey(2, 'body'));
    expect(sectionKey(2, 'lead')).toEqual(sectionKey(2, 'body'));
    expect(paintPlan([m(russia, sectionKey(0, 'body')), m(russia, sectionKey(0, 'aside'))], 'story')).toHaveLength(2);
  });
});

describe('sectionIndexes', () => {
  it('counts the headings before each node; a name inside a heading opens its section', () => {
    document.body.innerHTML = '<p id="a">Russia</p><h2 id="h1">Iran <b id="b">and</b></h2><p id="c">x</p><section><h3>y</h3><p id="d">z</p></section><div role="heading">w</div><p id="e">v</p>';
    const text = (id: string): Node => document.getElementById(id)!.firstChild!;
    expect(sectionIndexes(document, [text('a'), text('h1'), text('b'), text('c'), text('d'), text('e')])).toEqual([0, 1, 1, 1, 2, 3]);
  });

  it('finds the headings one simple query at a time, in the document order of one query of them all (an element of two kinds once)', () => {
    document.body.innerHTML =
      '<h3>a</h3><div><h1>b</h1><span role="heading">c</span></div><h2 role="heading">d</h2><section><h6>e</h6><h3>f</h3></section><p role="heading">g</p><h1>h</h1>';
    const all = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')];
    const queries: string[] = [];
    const original = document.querySelectorAll.bind(document);
    document.querySelectorAll = ((s: string) => {
      queries.push(s);
      return original(s);
    }) as typeof document.querySelectorAll;
    try {
      expect(headings(document)).toEqual(all);
    } finally {
      Reflect.deleteProperty(document, 'querySelectorAll');
    }
    expect(all.map((h) => h.textContent).join('')).toBe('abcdefgh');
    expect(queries.every((q) => !q.includes(','))).toBe(true);
  });
});

describe('npm run scan: painted beside mentions', () => {
  it('on a seed page, common names are painted once per section and quietly; mentions stay every mention', () => {
    const r = scanFile(join(ROOT, 'seeds/002_4294ec14b11da705.txt'), loadContext());
    expect(r.onTopic).toBe(true);
    const count = (list: Array<{ entityId: string }>, id: string): number => list.filter((x) => x.entityId === id).length;
    expect(count(r.mentions, 'country:russia')).toBeGreaterThan(1);
    expect(count(r.painted, 'country:russia')).toBe(1);
    expect(r.painted.find((p) => p.entityId === 'country:russia')!.style).toBe('quiet');
    // A story name: every mention painted, in full.
    expect(count(r.painted, 'person:vladimir-putin')).toBe(count(r.mentions, 'person:vladimir-putin'));
    expect(r.painted.filter((p) => p.entityId === 'person:vladimir-putin').every((p) => p.style === 'full')).toBe(true);
    // Every painted mention is one of the mentions.
    const keys = new Set(r.mentions.map((x) => `${x.start}:${x.end}`));
    expect(r.painted.every((p) => keys.has(`${p.start}:${p.end}`))).toBe(true);
  });
});
