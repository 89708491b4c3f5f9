// @vitest-environment happy-dom
import { h, render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { EventItem, EntityCard } from '../../../lib/ui/story';
import { hoverCard } from '../../../lib/ui/hover-card';
import { displayName, uiLang } from '../../../lib/ui/names';
import { committedIndex, useLocale } from '../helpers';

const index = committedIndex();
const entity = (id: string) => index.entities.find((e) => e.id === id)!;
const names = new Map(index.entities.map((e) => [e.id, e]));

afterEach(() => {
  useLocale('en');
  document.body.innerHTML = '';
});

describe('displayName', () => {
  it('the display name for the language where the gazetteer marks one, else the canonical name', () => {
    expect(displayName(entity('country:russia'), 'de')).toBe('Russland');
    expect(displayName(entity('country:russia'), 'en')).toBe('Russia');
    expect(displayName(entity('place:moscow'), 'de')).toBe('Moskau');
    expect(displayName(entity('person:masoud-pezeshkian'), 'de')).toBe('Masud Peseschkian');
    expect(displayName(entity('person:ebrahim-raisi'), 'de')).toBe('Ebrahim Raisi');
    expect(displayName({ name: 'X' }, 'de')).toBe('X');
  });
});

describe('German interface', () => {
  const ev = index.events.find((e) => e.entityIds.includes('country:russia') && e.kind === 'meeting' && index.documents.find((d) => d.id === e.docId)?.lang === 'en')!;

  it('event chips and kinds in German; the quote stays in its source language', () => {
    useLocale('de');
    expect(uiLang()).toBe('de');
    const root = document.createElement('div');
    document.body.append(root);
    render(h(EventItem, { ev, docs: {}, names, focus: null, onFocus: () => {}, readerUrl: () => '#' }), root);
    const chips = [...root.querySelectorAll('.bs-chip')].map((b) => b.textContent);
    expect(chips).toContain('Russland');
    expect(chips).not.toContain('Russia');
    expect(root.querySelector('[data-testid="event-kind"]')!.textContent).toContain('Treffen');
    expect(root.querySelector('[data-testid="quote"]')!.textContent).toContain(ev.quote);
  });

  it('the English interface keeps the English names and kinds', () => {
    useLocale('en');
    const root = document.createElement('div');
    document.body.append(root);
    render(h(EventItem, { ev, docs: {}, names, focus: null, onFocus: () => {}, readerUrl: () => '#' }), root);
    expect([...root.querySelectorAll('.bs-chip')].map((b) => b.textContent)).toContain('Russia');
    expect(root.querySelector('[data-testid="event-kind"]')!.textContent).toContain('Meeting');
  });

  it('entity cards and the hover card show the German name', () => {
    useLocale('de');
    const root = document.createElement('div');
    document.body.append(root);
    render(h(EntityCard, { entity: entity('place:moscow'), readerUrl: () => '#', focused: false, onFocus: () => {} }), root);
    expect(root.querySelector('.bs-chip')!.textContent).toBe('Moskau');
    const card = hoverCard(document, { entity: { id: 'person:sergei-shoigu', name: 'Sergei Shoigu', type: 'person', side: 'russia', specific: false, names: { de: 'Sergej Schoigu' } }, x: 0, y: 0, count: 1, role: null, events: 0, claims: 0 });
    expect(card.querySelector('strong')!.textContent).toBe('Sergej Schoigu');
    expect(card.querySelector('[data-testid="card-counts"]')!.textContent).toBe('Vorher: 0 Ereignisse, 0 Behauptungen bekannt');
  });
});
