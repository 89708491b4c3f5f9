// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import { isoDay, pageDate } from '../../../lib/dom/page-date';

function doc(head: string, body = ''): Document {
  return new DOMParser().parseFromString(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`, 'text/html');
}

describe('pageDate', () => {
  test.each([
    ['article:published_time', '<meta property="article:published_time" content="2024-10-16T09:30:00+03:00">', '', '2024-10-16'],
    ['JSON-LD datePublished', '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2022-07-19T10:00:00Z"}</script>', '', '2022-07-19'],
    ['JSON-LD @graph', '<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"Article","datePublished":"2023-09-20"}]}</script>', '', '2023-09-20'],
    ['<time datetime> in the article', '', '<time datetime="2019-01-01">old</time><article><time datetime="2025-01-17T12:00">Jan 17</time></article>', '2025-01-17'],
    ['meta wins over JSON-LD and <time>', '<meta property="article:published_time" content="2024-01-02"><script type="application/ld+json">{"datePublished":"2020-01-01"}</script>', '<time datetime="2019-01-01"></time>', '2024-01-02'],
    ['broken JSON-LD falls through to <time>', '<script type="application/ld+json">{not json</script>', '<time datetime="2021-05-06">x</time>', '2021-05-06'],
    ['nothing: unknown', '<meta name="description" content="2024-01-01">', '<p>Published 2024-01-01</p>', null],
  ])('%s', (_name, head, body, expected) => {
    expect(pageDate(doc(head, body))).toBe(expected);
  });

  test('the order of preference holds with every source on the page, in any document order', () => {
    // A later meta selector loses to an earlier one even when it comes first in the document; an earlier one with
    // no date gives way to the next; JSON-LD in the body still beats <time>; the article's <time> beats an earlier one.
    const d = doc(
      '<meta name="date" content="2001-01-01"><meta property="article:published_time" content="2002-02-02">',
      '<script type="application/ld+json">{"datePublished":"2003-03-03"}</script><time datetime="2004-04-04"></time>',
    );
    expect(pageDate(d)).toBe('2002-02-02');
    expect(pageDate(doc('<meta name="date" content="2001-01-01"><meta property="article:published_time" content="soon">'))).toBe('2001-01-01');
    expect(pageDate(doc('', '<time datetime="2004-04-04"></time><script type="application/ld+json">{"datePublished":"2003-03-03"}</script>'))).toBe('2003-03-03');
    expect(pageDate(doc('', '<time datetime="2004-04-04"></time><main><p><time datetime="2005-05-05"></time></p></main>'))).toBe('2005-05-05');
    expect(pageDate(doc('', '<time datetime="later">x</time><time datetime="2006-06-06"></time>'))).toBeNull();
  });

  test('reads the page with queries of one tag name each, and only as far as it needs (a list of selectors is matched on every element of a huge page)', () => {
    const counting = (d: Document): string[] => {
      const queries: string[] = [];
      for (const name of ['querySelector', 'querySelectorAll'] as const) {
        const original = d[name].bind(d) as (s: string) => unknown;
        (d as unknown as Record<string, unknown>)[name] = (s: string) => {
          queries.push(s);
          return original(s);
        };
      }
      return queries;
    };
    const withMeta = doc('<meta name="pubdate" content="2024-03-04">', '<p>text</p>'.repeat(50));
    const metaQueries = counting(withMeta);
    expect(pageDate(withMeta)).toBe('2024-03-04');
    expect(metaQueries).toEqual(['meta']);
    const withTime = doc('', '<article><time datetime="2025-01-17">x</time></article>');
    const timeQueries = counting(withTime);
    expect(pageDate(withTime)).toBe('2025-01-17');
    expect(timeQueries).toEqual(['meta', 'script', 'time']);
  });

  test('isoDay rejects impossible dates', () => {
    expect(isoDay('2024-13-01')).toBeNull();
    expect(isoDay('1700-01-01')).toBeNull();
    expect(isoDay('yesterday')).toBeNull();
    expect(isoDay('2024-02-29T00:00:00Z')).toBe('2024-02-29');
  });
});
