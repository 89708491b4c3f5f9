import { describe, expect, test } from 'vitest';
import { words } from '../../../lib/rank/fingerprint';
import { namedDates, namedTime } from '../../../lib/rank/when';

describe('the time an undated page names', () => {
  test('month and year, with or without a day, in several languages', () => {
    expect(namedDates(words('In July 2022 Vladimir Putin flew to Tehran'))).toEqual(['2022-07']);
    expect(namedDates(words('Im Juli 2022 flog Putin; am 19. Juli 2022 landete er'))).toEqual(['2022-07', '2022-07-19']);
    expect(namedDates(words('En juillet 2022, Poutine ; le 19 juillet 2022'))).toEqual(['2022-07', '2022-07-19']);
    expect(namedDates(words('on July 19, 2022 and 19 июля 2022 года'))).toEqual(['2022-07-19', '2022-07-19']);
    expect(namedDates(words('the war since 2022'))).toEqual(['2022']);
    // A number that is not a year, and a count of people: no date.
    expect(namedDates(words('3000 people and 12 drones'))).toEqual([]);
  });

  test('the most named month wins, the title counting three times; none when nothing is named', () => {
    expect(namedTime(words('Looking back at July 2022'), words('In October 2022 and in October 2022 again'))).toBe('2022-07');
    expect(namedTime([], words('In October 2022 and in October 2022 again; in July 2022'))).toBe('2022-10');
    expect(namedTime([], words('It happened in 2019.'))).toBe('2019');
    expect(namedTime(words('Iranian drones keep hitting Ukraine'), words('Russia launched dozens of drones overnight.'))).toBeNull();
  });
});
