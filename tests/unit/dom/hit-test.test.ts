// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import { caretAt, HitIndex, type HitRange } from '../../../lib/dom/hit-test';

function setup(): { a: Text; b: Text; ranges: Array<HitRange & { id: string }> } {
  document.body.innerHTML = '<p>Vladimir Pu<b>tin</b> met Raisi</p>';
  const a = document.querySelector('p')!.firstChild as Text; // "Vladimir Pu"
  const b = document.querySelector('b')!.firstChild as Text; // "tin"
  const tail = document.querySelector('p')!.lastChild as Text; // " met Raisi"
  return {
    a,
    b,
    ranges: [
      { id: 'putin', startNode: a, startOffset: 0, endNode: b, endOffset: 3 },
      { id: 'raisi', startNode: tail, startOffset: 5, endNode: tail, endOffset: 10 },
    ],
  };
}

describe('HitIndex.find', () => {
  const nodes = (r: HitRange): Node[] => (r.startNode === r.endNode ? [r.startNode] : [r.startNode, r.endNode]);

  test('a caret inside a range spanning two text nodes finds it from either node', () => {
    const { a, b, ranges } = setup();
    const index = new HitIndex(ranges, nodes);
    expect(index.find(a, 0)?.id).toBe('putin');
    expect(index.find(a, 10)?.id).toBe('putin');
    expect(index.find(b, 2)?.id).toBe('putin');
  });

  test('the end offset is outside the range; other text is no hit', () => {
    const { b, ranges } = setup();
    const index = new HitIndex(ranges, nodes);
    const tail = ranges[1]!.startNode;
    expect(index.find(b, 3)).toBeNull();
    expect(index.find(tail, 4)).toBeNull();
    expect(index.find(tail, 5)?.id).toBe('raisi');
    expect(index.find(tail, 9)?.id).toBe('raisi');
    expect(index.find(tail, 10)).toBeNull();
    expect(index.find(document.body, 0)).toBeNull();
  });
});

describe('caretAt', () => {
  test('prefers the standard caretPositionFromPoint', () => {
    const node = document.createTextNode('x');
    const doc = { caretPositionFromPoint: () => ({ offsetNode: node, offset: 1 }), caretRangeFromPoint: () => null } as unknown as Document;
    expect(caretAt(doc, 1, 1)).toEqual({ node, offset: 1 });
  });

  test('falls back to caretRangeFromPoint, and to null without either', () => {
    const node = document.createTextNode('xy');
    const range = { startContainer: node, startOffset: 2 };
    expect(caretAt({ caretRangeFromPoint: () => range } as unknown as Document, 1, 1)).toEqual({ node, offset: 2 });
    expect(caretAt({} as Document, 1, 1)).toBeNull();
  });
});
