import { describe, expect, test } from 'vitest';
import { parseRequest } from '../../lib/messages';

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
