import { describe, expect, it } from 'vitest';
import { eventTitle, shortName, type TitleInput } from '../../../lib/index/title';
import { committedIndex, realMatcher } from '../helpers';

/** A title input for `sentence` with the real gazetteer's mentions; participants are every named mention. */
function input(sentence: string, kind: string, lang: string, extra: Partial<TitleInput> & { placeId?: string } = {}): TitleInput {
  const { table, matcher } = realMatcher();
  const mentions = matcher.match(sentence).map((m) => ({ entity: table.entities[m.entity]!, start: m.start, end: m.end, demonym: m.demonym }));
  const place = extra.placeId ? table.entities.find((e) => e.id === extra.placeId)! : null;
  return { sentence, mentions, kind, lang, participants: mentions.filter((m) => !m.demonym).map((m) => m.entity), place, ...extra };
}

describe('event titles from seed sentences', () => {
  it('says who did what from the sentence, without the date or the attribution', () => {
    const s = 'A Russian delegation visited an Iranian airfield on June 8 and July 5 to inspect the drones which could be used to direct artillery fire and destroy Ukrainian military hardware, the White House said.';
    expect(eventTitle(input(s, 'visit', 'en'))).toBe('A Russian delegation visits an Iranian airfield to inspect the drones');
  });

  it('names people by their short names and leaves out their offices', () => {
    const s = 'The Kremlin responded within hours, announcing that Mr Putin would travel to Tehran on July 19 for a trilateral meeting with Mr Erdogan and Iran’s hardline President Ebrahim Raisi.';
    expect(eventTitle(input(s, 'meeting', 'en', { cues: [{ kind: 'meeting', at: s.indexOf('meeting'), word: 'meeting' }] }))).toBe(
      'Putin to travel to Tehran for a trilateral meeting with Erdoğan and Raisi',
    );
    const t = 'Russian President Vladimir Putin (R) trembles hands with Iranian President Masoud Pezeshkian (L) throughout their conference, October 11, 2024, in Ashgabat, Turkmenistan.';
    expect(eventTitle(input(t, 'meeting', 'en'))).toBe('Putin meets Pezeshkian');
  });

  it('puts the reported act, not the announcing verb, in the title', () => {
    const s = 'Russian officials said on Tuesday that Putin would meet with Iranian leaders and Turkish President Recep Tayyip Erdogan.';
    expect(eventTitle(input(s, 'announcement', 'en', { of: 'meeting' }))).toBe('Putin to meet Iranian leaders and Erdoğan');
    const t = 'Moscow – Wladimir Putin is said to have arranged for the Houthi rebels to be supplied with missiles and other military equipment – but he apparently changed his plans at the last minute.';
    expect(eventTitle(input(t, 'announcement', 'en', { of: 'delivery' }))).toMatch(/^Putin reportedly arranges for the Houthi rebels to be supplied with missiles/);
  });

  it('gives a German source a German title with the German names', () => {
    const s = 'Am Dienstag traf Shoigu mit dem Generalstabschef der iranischen Streitkräfte, Mohammad Bagheri, zusammen.';
    expect(eventTitle(input(s, 'meeting', 'de'))).toBe('Schoigu trifft Bagheri');
    const t = 'Der russische Verteidigungsminister Sergej Schoigu hat bei seinem offiziellen Besuch im Iran die Vertiefung der Zusammenarbeit zwischen Moskau und Teheran begrüßt.';
    expect(eventTitle(input(t, 'visit', 'de', { placeId: 'country:iran' }))).toBe('Schoigu besucht Iran');
  });

  it('no event of the built index is titled as a list of names', () => {
    const index = committedIndex();
    expect(index.events.length).toBeGreaterThan(10);
    for (const ev of index.events) {
      expect(ev.summary, ev.id).not.toMatch(/^[A-Z][a-z]+( [a-z]+)?( \([a-z]+\))?: /);
      expect(ev.summary.split(' ').length, ev.id).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('event titles from sentences written for the test', () => {
  it('English: subject, verb in the headline present, object up to the date', () => {
    expect(eventTitle(input('Mr. Lavrov met Iranian Foreign Minister Abbas Araghchi in Moscow on Monday.', 'meeting', 'en'))).toBe('Lavrov meets Araghchi in Moscow');
    expect(eventTitle(input('Iran delivered hundreds of Shahed drones to Russia last year, officials said.', 'delivery', 'en'))).toBe('Iran delivers hundreds of Shahed drones to Russia');
    expect(eventTitle(input('The Kremlin said on Friday that Putin would visit Tehran next month.', 'announcement', 'en', { of: 'visit' }))).toBe('Putin to visit Tehran');
    expect(eventTitle(input('The Houthis attacked ships in the Red Sea in January.', 'attack', 'en'))).toBe('The Houthis attack ships in the Red Sea');
  });

  it('a negated or passive act falls back to the kind and its participants', () => {
    const negated = eventTitle(input('The Houthis said they would not attack Russian ships in the Red Sea.', 'attack', 'en', { placeId: 'place:red-sea' }));
    expect(negated).not.toMatch(/attack Russian ships/);
    expect(negated).toBe('Houthis carry out an attack in the Red Sea');
    expect(eventTitle(input('Shahed drones were delivered to Russia in August 2022.', 'delivery', 'en'))).not.toMatch(/were delivered/);
  });

  it('German: the kind and the participants, with German names', () => {
    const s = 'Russland und Iran unterzeichneten am 17. Januar 2025 in Moskau den Vertrag über umfassende strategische Partnerschaft.';
    expect(eventTitle(input(s, 'signing', 'de', { placeId: 'place:moscow' }))).toBe('Russland und Iran unterzeichnen Vertrag über umfassende strategische Partnerschaft');
    expect(eventTitle(input('Putin traf Peseschkian in Aschgabat.', 'meeting', 'de', { placeId: 'place:ashgabat' }))).toBe('Putin trifft Peseschkian in Aschgabat');
  });

  it('other languages: an English sentence from the kind and the participants', () => {
    expect(eventTitle(input('Poutine a rencontré Erdogan à Téhéran le 19 juillet.', 'meeting', 'fr', { placeId: 'place:tehran' }))).toBe('Putin meets Erdoğan in Tehran');
    expect(eventTitle(input('Путин встретился с Пезешкианом.', 'meeting', 'ru'))).toMatch(/^Putin (holds talks|meets)/);
  });

  it('with no one named, says that it took place', () => {
    expect(eventTitle(input('A summit was held.', 'summit', 'en'))).toBe('A summit takes place');
    expect(eventTitle(input('Ein Gipfel fand statt.', 'summit', 'de'))).toBe('Ein Gipfel findet statt');
  });

  it('an outlet is never a party to the event', () => {
    const s = 'Newsweek reported that the Houthis attacked a tanker.';
    const title = eventTitle(input(s, 'attack', 'en'));
    expect(title).toBe('The Houthis attack a tanker');
  });

  it('short names: the last word of a person’s name in the language asked for', () => {
    const { table } = realMatcher();
    const putin = table.entities.find((e) => e.id === 'person:vladimir-putin')!;
    const shoigu = table.entities.find((e) => e.id === 'person:sergei-shoigu')!;
    const moscow = table.entities.find((e) => e.id === 'place:moscow')!;
    expect(shortName(putin, 'en')).toBe('Putin');
    expect(shortName(shoigu, 'de')).toBe('Schoigu');
    expect(shortName(moscow, 'de')).toBe('Moskau');
    expect(shortName(moscow, 'fr')).toBe('Moscow');
  });
});
