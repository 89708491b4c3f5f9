import { describe, expect, test } from 'vitest';
import { compileTable, GazetteerError } from '../../../lib/match/compile';
import type { GazetteerEntity } from '../../../lib/match/types';
import { found, gazetteer, realMatcher } from '../helpers';

describe('outlets are organisations, never a place or a person', () => {
  test('the longest match wins: "Washington" in "Washington Post" is no place mention', () => {
    expect(found('as the Washington Post reported from Washington')).toEqual([
      ['org:washington-post', 'Washington Post'],
      ['place:washington', 'Washington'],
    ]);
    expect(found('The Tehran Times and the Moscow Times disagree; Tehran and Moscow do not.')).toEqual([
      ['org:tehran-times', 'Tehran Times'],
      ['org:moscow-times', 'Moscow Times'],
      ['place:tehran', 'Tehran'],
      ['place:moscow', 'Moscow'],
    ]);
    expect(found('Iran International, Times of Israel, Russia Today')).toEqual([
      ['org:iran-international', 'Iran International'],
      ['org:times-of-israel', 'Times of Israel'],
      ['org:russia-today', 'Russia Today'],
    ]);
    expect(found('Al Jazeera in Doha')).toEqual([['org:al-jazeera', 'Al Jazeera']]);
  });

  test('every outlet is an organisation on no side, and flagged in the matcher table', () => {
    const { table } = realMatcher();
    const outlets = gazetteer().entities.filter((e) => e.outlet);
    expect(outlets.map((e) => e.id)).toEqual(expect.arrayContaining(['org:washington-post', 'org:tehran-times', 'org:al-jazeera', 'org:newsweek']));
    for (const e of outlets) {
      expect(e.type, e.id).toBe('organisation');
      if (e.side !== 'other') expect(['org:irna', 'org:sputnik', 'org:tass', 'org:russia-today', 'org:press-tv', 'org:tasnim'], e.id).toContain(e.id);
      expect(table.entities.find((t) => t.id === e.id)?.outlet, e.id).toBe(true);
    }
  });
});

describe('display names per language', () => {
  const base: GazetteerEntity = { id: 'country:x', name: 'Russia', type: 'country', side: 'russia', specific: false, inSeeds: true, description: { en: '', de: '' }, aliases: ['Russland'] };

  test('a display name must be one of the aliases', () => {
    expect(() => compileTable({ version: 1, entities: [{ ...base, names: { de: 'Russland' } }] })).not.toThrow();
    expect(() => compileTable({ version: 1, entities: [{ ...base, names: { de: 'Rußland' } }] })).toThrow(GazetteerError);
    expect(() => compileTable({ version: 1, entities: [{ ...base, names: { de: 'Rußland' } }] })).toThrow(/country:x.*"de".*Rußland/);
  });

  test('the table carries names and flags only where set', () => {
    const table = compileTable({ version: 1, entities: [{ ...base, names: { de: 'Russland' }, common: true }, { ...base, id: 'country:y', aliases: [] , name: 'Yemen' }] });
    expect(table.entities[0]).toEqual({ id: 'country:x', name: 'Russia', type: 'country', side: 'russia', specific: false, names: { de: 'Russland' }, common: true });
    expect(table.entities[1]).toEqual({ id: 'country:y', name: 'Yemen', type: 'country', side: 'russia', specific: false });
  });

  test('the gazetteer has the German forms the German interface shows', () => {
    const de = new Map(gazetteer().entities.map((e) => [e.id, e.names?.de ?? e.name]));
    expect(de.get('country:russia')).toBe('Russland');
    expect(de.get('place:moscow')).toBe('Moskau');
    expect(de.get('person:masoud-pezeshkian')).toBe('Masud Peseschkian');
    expect(de.get('person:sergei-shoigu')).toBe('Sergej Schoigu');
  });
});
