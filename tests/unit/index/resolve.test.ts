import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildIndex } from '../../../lib/index/build';
import { sentenceContexts, type SentenceCtx } from '../../../lib/index/context';
import { ClaimantResolver, type Claimant } from '../../../lib/index/resolve';
import { sentences } from '../../../lib/index/sentences';
import { compileLexicons, lexiconFor } from '../../../lib/index/lexicon';
import { readLexicons } from '../../../lib/cli/index-cmd';
import { GazetteerError } from '../../../lib/match/compile';
import type { IndexDocument } from '../../../lib/index/types';
import { gazetteer, realMatcher, ROOT } from '../helpers';

const { table, matcher } = realMatcher();
const resolver = new ClaimantResolver(gazetteer(), table);
const lexiconFiles = readLexicons(join(ROOT, 'data/lexicon'));
const lexicons = compileLexicons(lexiconFiles);
const lex = (lang: string) => lexiconFor(lexicons, lang);
const idx = (id: string): number => table.entities.findIndex((e) => e.id === id);
const idOf = (c: Claimant | null): string | null => (c && c.entity !== null ? table.entities[c.entity]!.id : null);

/** The sentences of a text (paragraphs split by blank lines) with their mentions, as the claim stage sees them. */
function article(text: string, lang: string): SentenceCtx[] {
  const doc = { id: 'doc:t', file: 't.txt', title: 't', lang, date: { value: '2022-07-12', basis: 'text' }, outlet: null, author: null, text, captions: [], sentences: sentences(text, lang), note: null } as IndexDocument;
  return sentenceContexts({ doc, mentions: matcher.match(text) });
}

/** Resolves `words` said in the last sentence of `text` on `date`. */
function resolveIn(text: string, lang: string, words: string, date: string | null, entity: string | null = null): Claimant {
  const ctx = article(text, lang);
  const s = ctx[ctx.length - 1]!;
  return resolver.forDoc(lex(lang), ctx).resolve({ entity: entity ? idx(entity) : null, text: words }, s, s.text.indexOf(words) + words.length, date);
}

describe('offices in time: the holder on the date of the claim', () => {
  test.each([
    ['en', 'the Iranian president', '2022-07-12', 'person:ebrahim-raisi'],
    ['en', 'the Iranian president', '2025-01-17', 'person:masoud-pezeshkian'],
    ['de', 'der iranische Präsident', '2022-07', 'person:ebrahim-raisi'],
    ['de', 'Der iranische Präsident', '2025', 'person:masoud-pezeshkian'],
    ['fr', 'le président iranien', '2025-01-17', 'person:masoud-pezeshkian'],
    ['es', 'el presidente iraní', '2023-03-01', 'person:ebrahim-raisi'],
    ['ru', 'президент Ирана', '2022-07-19', 'person:ebrahim-raisi'],
    ['ru', 'Президент Ирана', '2024-10-23', 'person:masoud-pezeshkian'],
    ['fa', 'رئیس‌جمهور ایران', '2022-07-19', 'person:ebrahim-raisi'],
    ['en', 'Russia’s defence minister', '2023-09-19', 'person:sergei-shoigu'],
    ['de', 'der russische Verteidigungsminister', '2024-06', 'person:andrey-belousov'],
    ['en', 'the Iranian foreign minister', '2022-11', 'person:hossein-amirabdollahian'],
    ['fr', 'le chef de la diplomatie iranienne', '2024-10', 'person:abbas-araghchi'],
    ['ru', 'глава МИД России', '2024', 'person:sergey-lavrov'],
    ['en', 'the Kremlin spokesman', '2024-10-15', 'person:dmitry-peskov'],
    ['de', 'Kremlchef', '2023', 'person:vladimir-putin'],
    ['es', 'el líder supremo', '2024', 'person:ali-khamenei'],
  ])('%s "%s" on %s is %s', (lang, words, date, holder) => {
    const c = resolveIn(`${words} sagte etwas.`, lang, words, date);
    expect(idOf(c)).toBe(holder);
    expect(c.text).toBe(words);
  });

  test('a date no single holder covers, or no date at all, leaves the claimant as written', () => {
    // Raisi died in May 2024, Pezeshkian took office in late July: all of 2024 or June 2024 has no single president.
    for (const date of ['2024', '2024-06', '2024-05', null]) {
      expect(resolveIn('the Iranian president said so.', 'en', 'the Iranian president', date)).toEqual({ entity: null, text: 'the Iranian president' });
    }
    // Shoigu until 12 May 2024, Belousov from 14 May: "May 2024" is both.
    expect(resolveIn('Russia’s defence minister said so.', 'en', 'Russia’s defence minister', '2024-05', 'country:russia')).toEqual({ entity: idx('country:russia'), text: 'Russia’s defence minister' });
  });

  test('the title must be the whole claimant: "a spokesman for Iran’s foreign minister" is not the minister', () => {
    const words = 'a spokesman for Iran’s foreign minister';
    expect(idOf(resolveIn(`${words} said so.`, 'en', words, '2022-07-12', 'country:iran'))).toBe('country:iran');
  });

  test('a named person is never replaced by an office holder', () => {
    expect(idOf(resolveIn('Raisi said so.', 'en', 'Raisi', '2025-01-17', 'person:ebrahim-raisi'))).toBe('person:ebrahim-raisi');
  });
});

describe('he / er / il / он: the person the paragraph is about', () => {
  const pronoun = (text: string, lang: string, speaker?: [number, string]): string | null => {
    const ctx = article(text, lang);
    const r = resolver.forDoc(lex(lang), ctx);
    if (speaker) r.spoke(ctx[speaker[0]]!, { entity: idx(speaker[1]), text: 'x' });
    return idOf(r.pronoun(ctx[ctx.length - 1]!));
  };
  test.each([
    ['en', 'Sergei Lavrov met Iranian officials in Tehran on Monday. He said the talks went well.', 'person:sergey-lavrov'],
    ['de', 'Schoigu traf am Dienstag Mohammad Reza Ashtiani in Teheran. Er sagte, die Zusammenarbeit wachse.', 'person:sergei-shoigu'],
    ['fr', 'Abbas Araghchi est arrivé à Moscou mardi. Il a déclaré que le traité serait signé.', 'person:abbas-araghchi'],
    ['es', 'Vladimir Putin recibió a Pezeshkian en el Kremlin. Él dijo que la cooperación crece.', 'person:vladimir-putin'],
    ['ru', 'Сергей Лавров прибыл в Тегеран во вторник. Он заявил, что переговоры прошли успешно.', 'person:sergey-lavrov'],
  ])('%s: %s', (lang, text, who) => {
    expect(pronoun(text, lang)).toBe(who);
  });

  test('the last speaker of the paragraph comes before a person only named', () => {
    const text = 'Putin will travel to Tehran next week, Peskov said. He added that no date was set.';
    expect(pronoun(text, 'en', [0, 'person:dmitry-peskov'])).toBe('person:dmitry-peskov');
  });

  test('a person named only inside a quotation is not "he"', () => {
    expect(pronoun('“Putin will come,” a source told reporters. He said nothing more.', 'en')).toBeNull();
  });

  test('a new paragraph: only the speaker of the sentence right before carries over', () => {
    expect(pronoun('Lavrov met Araghchi in Moscow.\n\nHe said the talks went well.', 'en')).toBeNull();
    expect(pronoun('“We agree,” Lavrov said.\n\nHe added that the treaty was ready.', 'en', [0, 'person:sergey-lavrov'])).toBe('person:sergey-lavrov');
  });

  test('pronoun lists come from the language of the article', () => {
    const ctx = article('x.', 'de');
    expect(resolver.forDoc(lex('de'), ctx).isPronoun('Er')).toBe(true);
    expect(resolver.forDoc(lex('en'), ctx).isPronoun('Er')).toBe(false);
    expect(resolver.forDoc(lex('ru'), ctx).isPronoun('Он')).toBe(true);
    expect(resolver.forDoc(lex('fr'), ctx).isPronoun('il')).toBe(true);
  });
});

describe('"the two countries": the two states of the paragraph', () => {
  const both = (text: string, lang: string, words: string): Array<string> | undefined =>
    resolveIn(text, lang, words, '2025-01-17').entities?.map((e) => table.entities[e]!.id);
  test.each([
    ['en', 'Iran has supplied Russia with drones for use against Ukraine, for equipment from Moscow. The 2 countries deny it.', 'The 2 countries'],
    ['de', 'Russland und der Iran unterzeichneten einen Vertrag. Beide Länder betonten, er richte sich gegen niemanden.', 'Beide Länder'],
    ['fr', 'Moscou et Téhéran ont signé un traité. Les deux pays ont affirmé qu’il ne visait personne.', 'Les deux pays'],
    ['es', 'Rusia e Irán firmaron un tratado. Ambos países afirmaron que no va contra nadie.', 'Ambos países'],
    ['ru', 'Россия и Иран подписали договор. Обе страны заявили, что он ни против кого не направлен.', 'Обе страны'],
  ])('%s: %s', (lang, text, words) => {
    expect(both(text, lang, words)?.sort()).toEqual(['country:iran', 'country:russia']);
  });

  test('fewer than two states named nearby: left as written', () => {
    expect(both('The weather was fine.\n\nThe two countries deny it.', 'en', 'The two countries')).toBeUndefined();
  });
});

describe('a capital or seat of government that speaks is its state, shown as written', () => {
  test.each([
    ['Moskau', 'place:moscow', 'country:russia'],
    ['Tehran', 'place:tehran', 'country:iran'],
    ['The Kremlin', 'org:kremlin', 'country:russia'],
    ['Кремль', 'org:kremlin', 'country:russia'],
  ])('%s', (words, entity, state) => {
    const c = resolveIn(`${words} denied it.`, 'en', words, '2023-09-20', entity);
    expect(c).toEqual({ entity: idx(state), text: words });
  });
});

describe('through the index build', () => {
  const topics = readFileSync(join(ROOT, 'data/topics.json'), 'utf8');
  const text =
    'Iran and Russia held talks in Moscow on Monday about the North-South corridor and trade in the Caspian region, officials said.\n\n' +
    '“NATO expansion threatens the region,” the Iranian president said at the talks.\n\n' +
    'Sergei Lavrov met Iranian diplomats in Moscow on the same day. He said the treaty would be ready soon.';
  const build = (date: string) =>
    buildIndex({
      files: [{ name: 'a.txt', bytes: new TextEncoder().encode(text) }],
      metadata: JSON.stringify({ version: 1, articles: [{ file: 'a.txt', title: 'Talks', lang: 'en', date: { value: date, basis: 'curated' } }] }),
      gazetteer: gazetteer(),
      topics,
      lexicons: lexiconFiles,
    }).index.claims;

  test('the same words resolve to Raisi in a 2022 article and to Pezeshkian in a 2025 one; "He" is Lavrov', () => {
    const president = (date: string) => build(date).find((c) => c.quote.includes('the Iranian president'))!.claimant;
    expect(president('2022-07-12')).toEqual({ entityId: 'person:ebrahim-raisi', text: 'the Iranian president' });
    expect(president('2025-01-20')).toEqual({ entityId: 'person:masoud-pezeshkian', text: 'the Iranian president' });
    expect(build('2025-01-20').find((c) => c.quote.startsWith('He said'))!.claimant.entityId).toBe('person:sergey-lavrov');
  });

  test('a "he" with no one before it in reach is kept as written, with no entity', () => {
    const claims = buildIndex({
      files: [{ name: 'b.txt', bytes: new TextEncoder().encode('He said Russia and Iran would sign the treaty in Moscow in January, according to the agency.\n\nIran and Russia have held many rounds of talks about the treaty, which covers trade, transport, energy and security cooperation.') }],
      metadata: JSON.stringify({ version: 1, articles: [{ file: 'b.txt', title: 'Treaty', lang: 'en', date: { value: '2025-01-10', basis: 'curated' } }] }),
      gazetteer: gazetteer(),
      topics,
      lexicons: lexiconFiles,
    }).index.claims;
    expect(claims.find((c) => c.quote.startsWith('He said'))?.claimant).toEqual({ entityId: null, text: 'He' });
  });
});

describe('office data in the gazetteer is checked', () => {
  test('an office naming an unknown entity or with a bad date is an error naming the office', () => {
    const g = gazetteer();
    g.offices = [{ id: 'x', state: 'country:iran', titles: { en: ['chief'] }, holders: [{ entity: 'person:nobody', from: '2020' }] }];
    expect(() => new ClaimantResolver(g, table)).toThrow(GazetteerError);
    expect(() => new ClaimantResolver(g, table)).toThrow(/office x names unknown entity "person:nobody"/);
    g.offices = [{ id: 'y', state: 'country:iran', titles: { en: ['chief'] }, holders: [{ entity: 'person:ebrahim-raisi', from: 'May 2021' }] }];
    expect(() => new ClaimantResolver(g, table)).toThrow(/office y has a holder with a bad date/);
  });
});
