import { describe, expect, test } from 'vitest';
import { fromOwnExtension, parseRequest, parseSidebarPush, parseSidebarReply } from '../../lib/messages';
import { SAMPLE_CHARS } from '../../lib/rank/page';

describe('parseRequest validates every message', () => {
  test('well-formed requests pass, extra fields are dropped', () => {
    expect(parseRequest({ type: 'search', query: 'putin', kinds: ['entity'], evil: 1 })).toEqual({ type: 'search', query: 'putin', kinds: ['entity'] });
    expect(parseRequest({ type: 'payload', entityIds: ['person:vladimir-putin'], pageDate: '2022-07-19' })).toEqual({ type: 'payload', entityIds: ['person:vladimir-putin'], pageDate: '2022-07-19' });
    expect(parseRequest({ type: 'payload', entityIds: [], pageDate: null, all: true })).toEqual({ type: 'payload', entityIds: [], pageDate: null, all: true });
    expect(parseRequest({ type: 'payload', entityIds: [], pageDate: null, upTo: 200 })).toEqual({ type: 'payload', entityIds: [], pageDate: null, upTo: 200 });
    expect(parseRequest({ type: 'payload', entityIds: ['country:iran'], pageDate: null, focus: 'country:iran' })).toEqual({ type: 'payload', entityIds: ['country:iran'], pageDate: null, focus: 'country:iran' });
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
    { type: 'payload', entityIds: [], pageDate: null, all: 'yes' },
    { type: 'payload', entityIds: [], pageDate: null, all: false },
    { type: 'payload', entityIds: [], pageDate: null, upTo: 0 },
    { type: 'payload', entityIds: [], pageDate: null, upTo: 2.5 },
    { type: 'payload', entityIds: [], pageDate: null, upTo: '10' },
    { type: 'payload', entityIds: [], pageDate: null, upTo: 100_001 },
    { type: 'payload', entityIds: [], pageDate: null, focus: 7 },
    { type: 'payload', entityIds: [], pageDate: null, focus: 'x'.repeat(201) },
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

describe('the sidebar frame and its page', () => {
  const token = 'a'.repeat(32);
  const view = { mentionCount: 3, entityIds: ['country:iran'], pageDate: '2022-07-19', page: { title: 'T', address: 'https://a.example/b' }, host: 'a.example', rule: null, focus: 'country:iran', focusSeq: 1 };

  test('actions pass with a token; anything else is dropped', () => {
    expect(parseRequest({ type: 'sidebar', token, action: { do: 'step', dir: -1, entityId: null, x: 1 } })).toEqual({ type: 'sidebar', token, action: { do: 'step', dir: -1, entityId: null } });
    expect(parseRequest({ type: 'sidebar', token, action: { do: 'site', rule: 'never' } })).toEqual({ type: 'sidebar', token, action: { do: 'site', rule: 'never' } });
    expect(parseRequest({ type: 'sidebar', token, action: { do: 'close' } })).toEqual({ type: 'sidebar', token, action: { do: 'close' } });
  });

  test.each([
    ['no token', { type: 'sidebar', action: { do: 'view' } }],
    ['a short token', { type: 'sidebar', token: 'abc', action: { do: 'view' } }],
    ['a token with markup', { type: 'sidebar', token: `${token}<b>`, action: { do: 'view' } }],
    ['an unknown action', { type: 'sidebar', token, action: { do: 'eval' } }],
    ['a step of two', { type: 'sidebar', token, action: { do: 'step', dir: 2, entityId: null } }],
    ['an unknown site rule', { type: 'sidebar', token, action: { do: 'site', rule: 'sometimes' } }],
  ])('rejects %s', (_, msg) => {
    expect(parseRequest(msg)).toBeNull();
  });

  test('a push is taken only with the frame own token and a well-formed view', () => {
    expect(parseSidebarPush({ type: 'sidebarPush', token, view }, token)).toEqual(view);
    expect(parseSidebarPush({ type: 'sidebarPush', token: 'b'.repeat(32), view }, token)).toBeNull();
    expect(parseSidebarPush({ type: 'sidebarPush', token, view: { ...view, mentionCount: -1 } }, token)).toBeNull();
    expect(parseSidebarPush({ type: 'sidebarPush', token, view: { ...view, rule: 'sometimes' } }, token)).toBeNull();
    expect(parseSidebarPush({ type: 'other', token, view }, token)).toBeNull();
  });

  test('a relayed reply without a valid view is no sidebar', () => {
    expect(parseSidebarReply({ ok: true, view })).toEqual({ ok: true, view });
    expect(parseSidebarReply(undefined)).toEqual({ ok: false, view: null });
    expect(parseSidebarReply({ ok: true, view: { ...view, entityIds: 'x' } })).toEqual({ ok: false, view: null });
  });
});
