import { describe, expect, test } from 'vitest';
import { fromOwnExtension, parseRequest } from '../../lib/messages';
import { SAMPLE_CHARS } from '../../lib/rank/page';

describe('parseRequest validates every message', () => {
  test('well-formed requests pass, extra fields are dropped', () => {
    expect(parseRequest({ type: 'search', query: 'putin', kinds: ['entity'], evil: 1 })).toEqual({ type: 'search', query: 'putin', kinds: ['entity'] });
    expect(parseRequest({ type: 'payload', entityIds: ['person:vladimir-putin'], pageDate: '2022-07-19' })).toEqual({ type: 'payload', entityIds: ['person:vladimir-putin'], pageDate: '2022-07-19' });
    expect(parseRequest({ type: 'report', report: { onTopic: true, entityIds: [], mentionCount: 3, url: 'x' } })).toEqual({ type: 'report', report: { onTopic: true, entityIds: [], mentionCount: 3 } });
  });
  test.each([
    null,
    'ping',
    { type: 'nope' },
    { type: 'search', query: 42 },
    { type: 'search', query: 'x'.repeat(5000) },
    { type: 'search', query: 'x', kinds: ['virus'] },
    { type: 'search', query: 'x', from: '19 July' },
    { type: 'search', query: 'x', limit: 1e9 },
    { type: 'payload', entityIds: 'person:x', pageDate: null },
    { type: 'payload', entityIds: Array(501).fill('a'), pageDate: null },
    { type: 'payload', entityIds: [], pageDate: '2022/07/19' },
    { type: 'report', report: { onTopic: 'yes', entityIds: [], mentionCount: 1 } },
    { type: 'report', report: { onTopic: true, entityIds: [], mentionCount: -1 } },
    { type: 'pageState', tabId: '3' },
    { type: 'topEntities', limit: 0 },
  ])('rejects %j', (msg) => {
    expect(parseRequest(msg)).toBeNull();
  });
});
describe('openReader request', () => {
  test('valid: a document id, with or without a passage', () => {
    expect(parseRequest({ type: 'openReader', docId: 'd1' })).toEqual({ type: 'openReader', docId: 'd1' });
    expect(parseRequest({ type: 'openReader', docId: 'd1', start: 3, end: 9, extra: 'x' })).toEqual({ type: 'openReader', docId: 'd1', start: 3, end: 9 });
  });
  test.each([
    [{ type: 'openReader' }],
    [{ type: 'openReader', docId: '' }],
    [{ type: 'openReader', docId: 42 }],
    [{ type: 'openReader', docId: 'd', start: 5 }],
    [{ type: 'openReader', docId: 'd', start: 9, end: 3 }],
    [{ type: 'openReader', docId: 'd', start: -1, end: 3 }],
    [{ type: 'openReader', docId: 'd', start: 1.5, end: 3 }],
    [{ type: 'openReader', docId: 'x'.repeat(201) }],
  ])('invalid: %j', (msg) => {
    expect(parseRequest(msg)).toBeNull();
  });
});
describe('fromOwnExtension', () => {
  test('only messages from this extension pass', () => {
    expect(fromOwnExtension({ id: 'me' }, 'me')).toBe(true);
    expect(fromOwnExtension({ id: 'other-extension' }, 'me')).toBe(false);
    expect(fromOwnExtension({}, 'me')).toBe(false);
    expect(fromOwnExtension({ id: undefined }, 'me')).toBe(false);
    expect(fromOwnExtension({ id: '' }, '')).toBe(false);
  });
});

describe('the page profile sent for the ranking', () => {
  const base = { type: 'payload', entityIds: ['country:iran'], pageDate: null } as const;

  test('zone counts, title, text sample and canonical URL pass; extra fields are dropped', () => {
    const page = { zones: { 'country:iran': [1, 2, 3] }, title: 'T', text: 'x'.repeat(SAMPLE_CHARS), url: 'https://a.example/b', extra: 1 };
    expect(parseRequest({ ...base, page })).toEqual({ ...base, page: { zones: { 'country:iran': [1, 2, 3] }, title: 'T', text: 'x'.repeat(SAMPLE_CHARS), url: 'https://a.example/b' } });
    expect(parseRequest({ type: 'report', report: { onTopic: true, entityIds: [], mentionCount: 0, zones: { a: [0, 0, 1] } } })).toEqual({
      type: 'report',
      report: { onTopic: true, entityIds: [], mentionCount: 0, zones: { a: [0, 0, 1] } },
    });
  });

  test.each([
    ['text longer than the sample', { text: 'x'.repeat(SAMPLE_CHARS + 1) }],
    ['zones that are not three counts', { zones: { a: [1, 2] } }],
    ['negative or fractional counts', { zones: { a: [1, -2, 0.5] } }],
    ['a URL that is not a string', { url: 42 }],
    ['not an object', 'page'],
  ])('rejects %s', (_, page) => {
    expect(parseRequest({ ...base, page })).toBeNull();
  });
});
