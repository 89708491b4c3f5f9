// @vitest-environment happy-dom
/**
 * The scan's resumable steps on a huge page: the matcher's slices (cut at line breaks) find what one pass over the
 * whole text finds, whatever their size, and mentions are given their zones a step at a time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { collectText, runToEnd } from '../../../lib/dom/collect';
import { MATCH_STEP, matchRange, matchSteps, zoneMentions, zoneSteps } from '../../../lib/dom/scan';
import type { Mention } from '../../../lib/match/types';
import { realMatcher, ROOT } from '../helpers';

const { matcher } = realMatcher();
/** The seed articles and the in-repo test pages, raw text and markup (many languages, many line breaks). */
const text = ['seeds', 'tests/fixtures/pages', 'tests/fixtures/readability']
  .flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((f) => f.endsWith('.txt') || f.endsWith('.html'))
      .map((f) => readFileSync(join(ROOT, dir, f), 'utf8')),
  )
  .join('\n');

/** Runs a walk to the end; returns its value and how many times it yielded. */
function steps<T>(gen: Generator<void, T, void>): { value: T; yields: number } {
  let yields = 0;
  for (;;) {
    const r = gen.next();
    if (r.done) return { value: r.value, yields };
    yields++;
  }
}

describe('matchSteps', () => {
  test('steps of any size find the same mentions, and count the same words, as whole slices of 32,768 characters', () => {
    // Words are counted per slice of 32,768 characters (as before there were smaller steps), whatever the step.
    const { value: whole, yields: slices } = steps(matchSteps(matcher, text, 32_768));
    expect(whole.mentions.length).toBeGreaterThan(400);
    expect(text.length).toBeGreaterThan(4 * 32_768);
    // The matcher on the whole text at once finds the same mentions too.
    expect(whole.mentions).toEqual(matcher.match(text));
    for (const step of [64, 1000, MATCH_STEP, Number.MAX_SAFE_INTEGER]) {
      const stepped = steps(matchSteps(matcher, text, step));
      expect(stepped.value, `step ${step}`).toEqual(whole);
      // A yield after every step: a quarter of the size, about four times as many.
      if (step === MATCH_STEP) expect(stepped.yields).toBeGreaterThanOrEqual(3 * slices);
    }
  });
});

describe('matchSteps with a limit', () => {
  test('stops matching once it holds the limit, counts every word, and matchRange goes on from where it stopped', () => {
    const whole = runToEnd(matchSteps(matcher, text));
    for (const limit of [1, 100, 400, whole.mentions.length, Infinity]) {
      const limited = runToEnd(matchSteps(matcher, text, MATCH_STEP, limit));
      expect(limited.words).toBe(whole.words);
      expect(limited.mentions.length).toBeGreaterThanOrEqual(Math.min(limit, whole.mentions.length));
      expect(limited.mentions).toEqual(whole.mentions.slice(0, limited.mentions.length));
      if (limit < whole.mentions.length) expect(limited.matchedTo).toBeLessThan(text.length);
      const rest: Mention[] = [];
      expect(runToEnd(matchRange(matcher, text, limited.matchedTo, text.length, MATCH_STEP, rest))).toBe(text.length);
      expect([...limited.mentions, ...rest]).toEqual(whole.mentions);
    }
  });
});

describe('zoneSteps', () => {
  test('gives each mention the zone of its text node, as zoneMentions does, yielding every 10,000 mentions', () => {
    const doc = new DOMParser().parseFromString(`<html><body><aside><p>Putin</p></aside><article><h1>Putin in Tehran</h1>${'<p>Putin met Pezeshkian.</p>'.repeat(12_500)}</article></body></html>`, 'text/html');
    const page = collectText(doc.body);
    const found: Mention[] = runToEnd(matchSteps(matcher, page.text)).mentions;
    expect(found.length).toBeGreaterThan(25_000);
    const title = { entity: 0, start: -1, end: -1, demonym: false, zone: 'title' as const };
    const { value, yields } = steps(zoneSteps(page, found, [title]));
    expect(yields).toBe(Math.floor((found.length - 1) / 10_000));
    expect(value).toEqual([title, ...zoneMentions(page, found)]);
    expect(value.slice(1, 6).map((m) => m.zone)).toEqual(['aside', 'title', 'title', 'lead', 'lead']);
  });
});
