import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { getterFrom, setMessages } from '../../lib/i18n';
import { compileTable } from '../../lib/match/compile';
import { Matcher } from '../../lib/match/matcher';
import type { Gazetteer, MatcherTable } from '../../lib/match/types';
import type { BackstoryIndex } from '../../lib/index/types';

// Not import.meta.url: under happy-dom it is not a file: URL.
export const ROOT = resolve(__dirname, '../..');

export function gazetteer(): Gazetteer {
  return JSON.parse(readFileSync(join(ROOT, 'data/gazetteer.json'), 'utf8')) as Gazetteer;
}

let cached: { table: MatcherTable; matcher: Matcher } | null = null;
export function realMatcher(): { table: MatcherTable; matcher: Matcher } {
  if (!cached) {
    const table = compileTable(gazetteer());
    cached = { table, matcher: new Matcher(table) };
  }
  return cached;
}

/** The ids and matched text of every mention in `text`, with the real gazetteer. */
export function found(text: string): Array<[string, string]> {
  const { table, matcher } = realMatcher();
  return matcher.match(text).map((m) => [table.entities[m.entity]!.id, text.slice(m.start, m.end)]);
}

export function committedIndex(): BackstoryIndex {
  return JSON.parse(readFileSync(join(ROOT, 'data/index.json'), 'utf8')) as BackstoryIndex;
}

export function useLocale(lang: 'en' | 'de'): void {
  const messages = JSON.parse(readFileSync(join(ROOT, `public/_locales/${lang}/messages.json`), 'utf8'));
  setMessages(getterFrom(messages), lang);
}

/**
 * A stand-in for the CSS Custom Highlight API while each test of the file runs (happy-dom has none): `CSS.highlights`
 * is a map that records what is registered, `Highlight` a set of ranges. Returns the map of the test under way.
 */
export function useFakeHighlights(): () => Map<string, Set<AbstractRange>> {
  class FakeHighlight extends Set<AbstractRange> {
    constructor(...ranges: AbstractRange[]) {
      super(ranges);
    }
  }
  const global = globalThis as { CSS?: unknown; Highlight?: unknown };
  const saved = { CSS: global.CSS, Highlight: global.Highlight };
  let registry = new Map<string, Set<AbstractRange>>();
  beforeEach(() => {
    registry = new Map();
    global.CSS = { highlights: registry };
    global.Highlight = FakeHighlight;
  });
  afterEach(() => {
    global.CSS = saved.CSS;
    global.Highlight = saved.Highlight;
  });
  return () => registry;
}
