import { describe, expect, test } from 'vitest';
import type { ReaderDocument } from '../../../lib/messages';
import { citation, parseReaderLink, segments } from '../../../lib/ui/reader';

const doc = (text: string, mentions: ReaderDocument['mentions'], captions: Array<{ start: number; end: number }> = []): ReaderDocument => ({
  document: { id: 'doc:t', file: 't.txt', title: 'T', lang: 'en', date: { value: '2022-07-19', basis: 'text' }, outlet: null, author: null, text, captions, sentences: [], note: null },
  mentions,
});

describe('reader deep links', () => {
  test('document and offsets from the hash', () => {
    expect(parseReaderLink('#doc=doc%3Aabc&start=10&end=20')).toEqual({ doc: 'doc:abc', start: 10, end: 20 });
    expect(parseReaderLink('#doc=x&start=-1&end=abc')).toEqual({ doc: 'x', start: null, end: null });
    expect(parseReaderLink('')).toEqual({ doc: null, start: null, end: null });
  });

  test('offsets outside the text, reversed or half given are bad; none given is fine', () => {
    expect(citation({ doc: 'x', start: 2, end: 5 }, 10)).toEqual({ cite: { start: 2, end: 5 }, bad: false });
    expect(citation({ doc: 'x', start: null, end: null }, 10)).toEqual({ cite: null, bad: false });
    expect(citation({ doc: 'x', start: 2, end: 11 }, 10)).toEqual({ cite: null, bad: true });
    expect(citation({ doc: 'x', start: 5, end: 5 }, 10)).toEqual({ cite: null, bad: true });
    expect(citation({ doc: 'x', start: 2, end: null }, 10)).toEqual({ cite: null, bad: true });
  });
});

describe('reader segments', () => {
  const text = 'Putin met Pezeshkian in Tehran.';
  const d = doc(text, [
    { entityId: 'person:vladimir-putin', type: 'person', start: 0, end: 5 },
    { entityId: 'person:masoud-pezeshkian', type: 'person', start: 10, end: 20 },
    { entityId: 'place:tehran', type: 'place', start: 24, end: 30 },
  ]);

  test('cut at mentions and the citation; the pieces join back to the text', () => {
    const segs = segments(d, { start: 6, end: 24 });
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs.filter((s) => s.cited).map((s) => s.text).join('')).toBe(text.slice(6, 24));
    expect(segs.filter((s) => s.entityId).map((s) => [s.text, s.type])).toEqual([
      ['Putin', 'person'],
      ['Pezeshkian', 'person'],
      ['Tehran', 'place'],
    ]);
  });

  test('a citation inside a mention splits it, both halves keep the entity', () => {
    const segs = segments(d, { start: 2, end: 4 });
    expect(segs.slice(0, 3).map((s) => [s.text, s.entityId, s.cited])).toEqual([
      ['Pu', 'person:vladimir-putin', false],
      ['ti', 'person:vladimir-putin', true],
      ['n', 'person:vladimir-putin', false],
    ]);
  });

  test('captions are marked', () => {
    const segs = segments(doc('Caption. Body.', [], [{ start: 0, end: 8 }]), null);
    expect(segs.map((s) => [s.text, s.caption])).toEqual([
      ['Caption.', true],
      [' Body.', false],
    ]);
  });
});
