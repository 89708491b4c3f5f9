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

  test('isoDay rejects impossible dates', () => {
    expect(isoDay('2024-13-01')).toBeNull();
    expect(isoDay('1700-01-01')).toBeNull();
    expect(isoDay('yesterday')).toBeNull();
    expect(isoDay('2024-02-29T00:00:00Z')).toBe('2024-02-29');
  });
});
