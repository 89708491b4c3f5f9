import { describe, expect, test } from 'vitest';
import { normalize, tokenize } from '../../../lib/text/normalize';

describe('normalize', () => {
  test.each([
    ['Peseschkián', 'peseschkian'],
    ['Putin’s', "putin's"],
    ['ＰＵＴＩＮ', 'putin'],
    ['Amir\u2011Abdollahian', 'amir-abdollahian'],
    ['  Wladimir \n\t Putin ', 'wladimir putin'],
    ['خامنه\u200Cای', 'خامنهای'],
    ['علي', 'علی'],
    ['كرملين', 'کرملین'],
    ['Pu\u00ADtin', 'putin'],
    ['Erdoğan', 'erdogan'],
    ['Шойгу', 'шоигу'],
  ])('%s → %s', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });

  test('tokenize splits on non-word characters and folds', () => {
    expect(tokenize('Iran’s drones (Shahed-136), Drohnen!')).toEqual(['iran', 's', 'drones', 'shahed', '136', 'drohnen']);
  });
});
