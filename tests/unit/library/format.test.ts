import { describe, expect, it } from 'vitest';
import { libraryFile, LibraryFormatError, parseLibraryFile, type LibraryArticle } from '../../../lib/library/format';

const article = (over: Partial<LibraryArticle> = {}): LibraryArticle => ({
  url: 'https://news.example/a',
  title: 'Tehran and Moscow sign a pact',
  byline: null,
  outlet: 'news.example',
  lang: 'en',
  published: '2025-01-17',
  text: 'Presidents met in Moscow.\n\nThey signed a treaty.',
  addedAt: '2026-11-30T10:00:00.000Z',
  ...over,
});
const file = (articles: unknown[], over: Record<string, unknown> = {}) =>
  JSON.stringify({ format: 'backstory-library', version: 1, exportedAt: '2026-12-01T00:00:00.000Z', articles, ...over });

describe('library file', () => {
  it('reads back what libraryFile writes', () => {
    const written = libraryFile([article({ url: 'https://b.example/', addedAt: '2026-12-01T00:00:00.000Z' }), article()], '2026-12-02T00:00:00.000Z');
    expect(written.articles.map((a) => a.url)).toEqual(['https://news.example/a', 'https://b.example/']);
    expect(parseLibraryFile(JSON.stringify(written), 'x.json')).toEqual(written);
  });

  it.each([
    ['not JSON', '{', /x\.json: not valid JSON/],
    ['a foreign file', JSON.stringify({ hello: 1 }), /not a Backstory library file/],
    ['another version', file([], { version: 2 }), /version 2 is not supported/],
    ['articles not a list', file([], { articles: {} }), /"articles" must be a list/],
    ['a bad url', file([article({ url: 'javascript:alert(1)' })]), /article 1: "url"/],
    ['an unsupported language', file([article({ lang: 'it' as never })]), /article 1: "lang" must be one of .*de, en/],
    ['a bad date', file([article({ published: '2025-13-01' })]), /article 1: "published"/],
    ['empty text', file([article({ text: '  ' })]), /article 1: "text"/],
    ['a duplicate url', file([article(), article()]), /article 2 has the same url as article 1/],
  ])('refuses %s, naming the input and the problem', (_name, text, message) => {
    expect(() => parseLibraryFile(text, 'x.json')).toThrow(LibraryFormatError);
    expect(() => parseLibraryFile(text, 'x.json')).toThrow(message);
  });
});
