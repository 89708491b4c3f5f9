import { describe, expect, test } from 'vitest';
import { percentile, summarize, table } from '../../../bench/lib/section';

describe('bench statistics', () => {
  test('median and p95 by nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    const row = summarize('x', samples);
    expect(row).toEqual({ name: 'x', median: 50, p95: 95, runs: 100 });
    expect(percentile([3], 0.95)).toBe(3);
    expect(percentile([], 0.5)).toBeNaN();
  });

  test('a section prints as a table with the budget verdict', () => {
    const out = table({ id: 's', title: 'Some section', run: async () => [] }, [
      { name: 'fast', median: 1, p95: 2, runs: 10, budget: 2 },
      { name: 'slow', median: 3, p95: 4, runs: 10, budget: 2 },
    ]);
    expect(out.split('\n')[0]).toBe('## Some section (s)');
    expect(out).toMatch(/fast .*ok \(< 2 ms\)/);
    expect(out).toMatch(/slow .*OVER \(< 2 ms\)/);
  });

  test('a p95 budget is compared with the p95, not the median', () => {
    const out = table({ id: 's', title: 'Some section', run: async () => [] }, [
      { name: 'steady', median: 1, p95: 4, runs: 10, budget: 5, budgetOn: 'p95' },
      { name: 'tail', median: 1, p95: 6, runs: 10, budget: 5, budgetOn: 'p95' },
      { name: 'edge', median: 1, p95: 5, runs: 10, budget: 5, budgetOn: 'p95' },
    ]);
    expect(out).toMatch(/steady .*ok \(p95 < 5 ms\)/);
    // The median is well under the budget; the p95 is not: over.
    expect(out).toMatch(/tail .*OVER \(p95 < 5 ms\)/);
    // "Under 5 ms": at 5 ms it is not.
    expect(out).toMatch(/edge .*OVER \(p95 < 5 ms\)/);
  });
});
