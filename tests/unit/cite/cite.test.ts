import { afterEach, describe, expect, test } from 'vitest';
import { basisInWords, citeDocument, claimCitation, documentUrl, escapeMarkdown, eventCitation, formatCitation, type Citable } from '../../../lib/cite/cite';
import type { IndexClaim, IndexEvent } from '../../../lib/index/types';
import { useLocale } from '../helpers';

const docs = {
  'doc:a': { title: 'Putin goes to Tehran', outlet: 'Example Times', date: { value: '2022-07-19', basis: 'text' as const }, url: 'https://example.org/news/putin-tehran' },
  'doc:b': { title: 'Die Kreml-Reise', outlet: null, date: null, url: null },
};

const event: Pick<IndexEvent, 'summary' | 'date' | 'sources'> = {
  summary: 'Putin visits Tehran',
  date: { value: '2022-07-19', basis: 'inferred' },
  sources: [{ docId: 'doc:a', quote: 'Putin arrived in Tehran on Tuesday.', start: 0, end: 35 }],
};

const claim: Pick<IndexClaim, 'claimant' | 'stance' | 'statement' | 'quote' | 'date' | 'docId'> = {
  claimant: { entityId: 'person:maria-zakharova', text: 'Maria Zakharova' },
  stance: 'denies',
  statement: 'Russia supplied no drones',
  quote: 'Zakharova denied that Russia had supplied any drones.',
  date: { value: '2024-10', basis: 'curated' },
  docId: 'doc:a',
};

afterEach(() => useLocale('en'));

describe('citations as plain text', () => {
  test('an event: quote, what happened, date with its basis in words, source title, outlet, date and address', () => {
    useLocale('en');
    expect(formatCitation(eventCitation(event, event.sources[0]!, docs), 'text')).toBe(
      [
        '“Putin arrived in Tehran on Tuesday.”',
        'What happened: Putin visits Tehran',
        'Date: Jul 19, 2022 (date inferred from the article’s date)',
        'Source: “Putin goes to Tehran”, Example Times, Jul 19, 2022, https://example.org/news/putin-tehran',
      ].join('\n'),
    );
  });

  test('a claim: who said it with the stance, and what was claimed', () => {
    useLocale('en');
    const text = formatCitation(claimCitation(claim, docs), 'text');
    expect(text.split('\n')).toEqual([
      '“Zakharova denied that Russia had supplied any drones.”',
      'Who said it: Maria Zakharova (denies)',
      'What was claimed: Russia supplied no drones',
      'Date: October 2024 (date taken from the article’s date, set by the editors)',
      'Source: “Putin goes to Tehran”, Example Times, Jul 19, 2022, https://example.org/news/putin-tehran',
    ]);
  });

  test('no outlet, no address, no date: said so, nothing left blank', () => {
    useLocale('en');
    const text = formatCitation(claimCitation({ ...claim, date: null, docId: 'doc:b' }, docs), 'text');
    expect(text).toContain('Date: unknown (neither the text nor the article states one)');
    expect(text).toContain('Source: “Die Kreml-Reise” (no web address on record)');
    expect(text).not.toMatch(/null|undefined|, ,|, \(/);
  });

  test('a source document that is not at hand is an unknown source', () => {
    useLocale('en');
    const text = formatCitation(eventCitation(event, { docId: 'doc:gone', quote: 'Q.' }, docs), 'text');
    expect(text.split('\n').at(-1)).toBe('Source: unknown');
  });

  test('every date basis is said in words', () => {
    useLocale('en');
    expect(basisInWords('text')).toBe('date stated in the text');
    expect(basisInWords('inferred')).toBe('date inferred from the article’s date');
    expect(basisInWords('partial')).toBe('stated in the text without a year');
    expect(basisInWords('borrowed')).toBe('year taken from another report of the same event');
    const partial: Citable = { kind: 'event', summary: 'S', quote: 'Q', date: { value: '--01-17', basis: 'partial' }, doc: null };
    expect(formatCitation(partial, 'text')).toContain('Date: January 17 (stated in the text without a year)');
  });

  test('in German: German labels, quotation marks, stance and dates', () => {
    useLocale('de');
    const text = formatCitation(claimCitation({ ...claim, docId: 'doc:b' }, docs), 'text');
    expect(text.split('\n')).toEqual([
      '„Zakharova denied that Russia had supplied any drones.“',
      'Wer es sagte: Maria Zakharova (dementiert)',
      'Was behauptet wurde: Russia supplied no drones',
      'Datum: Oktober 2024 (Datum aus dem redaktionell ermittelten Datum des Artikels)',
      'Quelle: „Die Kreml-Reise“ (keine Webadresse bekannt)',
    ]);
    expect(formatCitation(eventCitation(event, event.sources[0]!, docs), 'markdown')).toContain('- **Was geschah:** Putin visits Tehran\n- **Datum:** 19. Juli 2022 (Datum aus dem Datum des Artikels erschlossen)');
  });
});

describe('citations as Markdown', () => {
  test('a block quote, then a list; the title links to the address', () => {
    useLocale('en');
    expect(formatCitation(eventCitation(event, event.sources[0]!, docs), 'markdown')).toBe(
      [
        '> Putin arrived in Tehran on Tuesday.',
        '',
        '- **What happened:** Putin visits Tehran',
        '- **Date:** Jul 19, 2022 (date inferred from the article’s date)',
        '- **Source:** [Putin goes to Tehran](https://example.org/news/putin-tehran), Example Times, Jul 19, 2022',
      ].join('\n'),
    );
  });

  test('Markdown special characters in the quote, claimant, statement and title stay literal', () => {
    useLocale('en');
    const tricky: Citable = {
      kind: 'claim',
      claimant: '*The* [Kremlin]',
      stance: 'asserts',
      statement: 'Deals <b>signed</b> & `sealed` | 100%_done_',
      quote: '# Not a heading\n- not a list\n1. not a list either\n> not a quote\nA ![picture](x.png) and a [link](http://evil.example) and **bold** &amp; ~strike~ \\ end',
      date: null,
      doc: { title: 'Russia [and] Iran: *the* deal_(2024)', outlet: 'Outlet_Name*', url: 'https://example.org/a (b)/c', date: null },
    };
    const md = formatCitation(tricky, 'markdown');
    const quoteLines = md.split('\n\n')[0]!.split('\n');
    expect(quoteLines).toEqual([
      '> \\# Not a heading',
      '> \\- not a list',
      '> 1\\. not a list either',
      '> \\> not a quote',
      '> A !\\[picture\\](x.png) and a \\[link\\](http://evil.example) and \\*\\*bold\\*\\* \\&amp; \\~strike\\~ \\\\ end',
    ]);
    expect(md).toContain('- **Who said it:** \\*The\\* \\[Kremlin\\] (asserts)');
    expect(md).toContain('- **What was claimed:** Deals \\<b\\>signed\\</b\\> & \\`sealed\\` \\| 100%\\_done\\_');
    expect(md).toContain('- **Source:** [Russia \\[and\\] Iran: \\*the\\* deal\\_(2024)](https://example.org/a%20%28b%29/c), Outlet\\_Name\\*');
  });

  test('without an address the title is not a link and the citation says so', () => {
    useLocale('en');
    const md = formatCitation(claimCitation({ ...claim, docId: 'doc:b' }, docs), 'markdown');
    expect(md).toContain('- **Source:** *Die Kreml-Reise* (no web address on record)');
    expect(md).not.toMatch(/\]\(/);
  });

  test('escaping keeps plain words plain', () => {
    expect(escapeMarkdown('Putin met Raisi in Tehran on 19 July 2022.')).toBe('Putin met Raisi in Tehran on 19 July 2022.');
    expect(escapeMarkdown('U.S.-Iran talks, 2-3 p.m. (local)')).toBe('U.S.-Iran talks, 2-3 p.m. (local)');
  });
});

describe('where a document is on the web', () => {
  test('its url in the index when it is an http(s) address, else none', () => {
    expect(documentUrl({ url: 'https://example.org/x' })).toBe('https://example.org/x');
    expect(documentUrl({ url: null })).toBeNull();
    expect(documentUrl({})).toBeNull();
    expect(documentUrl({ url: 'javascript:alert(1)' })).toBeNull();
    expect(citeDocument(docs, 'doc:a')?.url).toBe('https://example.org/news/putin-tehran');
    expect(citeDocument(docs, 'doc:none')).toBeNull();
  });
});
