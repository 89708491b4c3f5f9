// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackstoryService } from '../../../lib/background/service';
import type { PayloadScope, SidebarPayload } from '../../../lib/messages';
import type { MatcherTable } from '../../../lib/match/types';
import type { SerializedSearch } from '../../../lib/search/options';
import { StoryView } from '../../../lib/ui/story';
import { Sidebar } from '../../../lib/ui/sidebar';
import { t } from '../../../lib/i18n';
import { FIRST_EVENTS, SHOW_STEP } from '../../../lib/ui/limits';
import { committedIndex, ROOT, useLocale } from '../helpers';

const load = <T,>(f: string): T => JSON.parse(readFileSync(join(ROOT, 'data', f), 'utf8')) as T;
// Small limits stand in for a big library: the payload carries the best items only.
const service = new BackstoryService(committedIndex(), load<SerializedSearch>('search.json'), load<MatcherTable>('matcher.json'), undefined, { events: 3, groups: 2, claimsPerGroup: 1 });
const ids = ['person:vladimir-putin', 'country:iran', 'country:russia', 'weapon:drones'];
const partial = service.payload(ids, null);
const whole = service.payload(ids, null, null, null, false, { all: true });

afterEach(() => {
  useLocale('en');
  document.body.innerHTML = '';
});

function show(payload: SidebarPayload, loadMore: (scope: PayloadScope) => void, more: { step?: number; card?: boolean } = {}): HTMLElement {
  useLocale('en');
  const root = document.createElement('div');
  document.body.append(root);
  act(() => render(h(StoryView, { payload, focus: null, onFocus: () => {}, readerUrl: () => '#', pageDateKnown: false, loadMore, ...more }), root));
  return root;
}
const shownIds = (root: HTMLElement, kind: 'event' | 'claim'): string[] => [...root.querySelectorAll(`[data-testid="${kind}"]`)].map((e) => e.getAttribute('data-id')!);
const wholeClaims = whole.claimGroups.flatMap((g) => g.claims.map((c) => c.id));
const button = (root: HTMLElement, id: string): HTMLButtonElement => root.querySelector(`[data-testid="${id}"]`)!;

describe('the story view on a partial payload', () => {
  it('says how many there are in all, and asks for the first step of them on "Show all"', () => {
    expect(partial.more).toEqual({ events: whole.events.length, claims: whole.claimGroups.flatMap((g) => g.claims).length });
    const loadMore = vi.fn();
    const root = show(partial, loadMore);
    expect(button(root, 'more-events').textContent).toBe(t('showAll', whole.events.length));
    expect(button(root, 'more-claims').textContent).toBe(t('showAll', partial.more!.claims));
    expect(loadMore).not.toHaveBeenCalled();
    act(() => button(root, 'more-events').click());
    expect(loadMore).toHaveBeenCalledTimes(1);
    expect(loadMore).toHaveBeenCalledWith({ upTo: SHOW_STEP });
    expect(button(root, 'more-events').getAttribute('aria-expanded')).toBe('true');
    expect(button(root, 'more-events').textContent).toBe(t('showFewer'));
  });

  it('unfolds step by step, and asks for more only when the list outgrows the payload', () => {
    const loadMore = vi.fn();
    const step = 2;
    // This payload carries 3 events (the service's small limits); the whole ranking has more.
    expect(partial.events.length).toBe(3);
    expect(whole.events.length).toBeGreaterThan(4);
    const root = show(partial, loadMore, { step });
    act(() => button(root, 'more-events').click());
    expect(shownIds(root, 'event')).toEqual(whole.events.slice(0, 2).map((e) => e.id));
    expect(loadMore).not.toHaveBeenCalled();
    expect(button(root, 'next-events').textContent).toBe(t('showNext', 2, whole.events.length - 2));
    act(() => button(root, 'next-events').click());
    // Four wanted, three carried: the three stay shown while four are asked for.
    expect(shownIds(root, 'event')).toEqual(whole.events.slice(0, 3).map((e) => e.id));
    expect(loadMore).toHaveBeenCalledWith({ upTo: 4 });
  });

  it('a complete payload unfolds in steps to its end, events and claims, without asking; "Show fewer" folds it', () => {
    const loadMore = vi.fn();
    const step = 3;
    const root = show(whole, loadMore, { step });
    act(() => button(root, 'more-events').click());
    for (let n = step; n < whole.events.length; n += step) {
      expect(shownIds(root, 'event')).toEqual(whole.events.slice(0, n).map((e) => e.id));
      act(() => button(root, 'next-events').click());
    }
    expect(shownIds(root, 'event')).toEqual(whole.events.map((e) => e.id));
    expect(button(root, 'next-events')).toBeNull();
    act(() => button(root, 'more-claims').click());
    // (A group shows its claims stance by stance: the same claims, in another order.)
    expect(shownIds(root, 'claim').sort()).toEqual(wholeClaims.slice(0, step).sort());
    while (button(root, 'next-claims')) act(() => button(root, 'next-claims').click());
    expect(shownIds(root, 'claim').sort()).toEqual([...wholeClaims].sort());
    act(() => button(root, 'more-events').click());
    expect(shownIds(root, 'event').length).toBe(FIRST_EVENTS);
    expect(loadMore).not.toHaveBeenCalled();
  });

  it('an entity card is never folded: it shows a step, then the next, and has no "Show fewer"', () => {
    const root = show(whole, vi.fn(), { step: 2, card: true });
    expect(shownIds(root, 'event')).toEqual(whole.events.slice(0, 2).map((e) => e.id));
    expect(button(root, 'more-events')).toBeNull();
    act(() => button(root, 'next-events').click());
    expect(shownIds(root, 'event')).toEqual(whole.events.slice(0, 4).map((e) => e.id));
  });

  it('asks for the focused entity\'s items when an entity is focused', () => {
    const loadMore = vi.fn();
    const root = show(partial, loadMore);
    expect(loadMore).not.toHaveBeenCalled();
    // The view's focus is its host's (the sidebar's): here this test is the host.
    act(() => render(h(StoryView, { payload: partial, focus: 'weapon:drones', onFocus: () => {}, readerUrl: () => '#', pageDateKnown: false, loadMore }), root));
    expect(loadMore).toHaveBeenCalledWith({ focus: 'weapon:drones' });
    const drones = whole.events.filter((e) => e.entityIds.includes('weapon:drones')).length;
    expect(partial.counts['weapon:drones']![0]).toBe(drones);
  });

  it('a complete payload never asks, and "Show all" shows what it has (fewer than a step)', () => {
    const loadMore = vi.fn();
    expect(whole.events.length).toBeLessThan(SHOW_STEP);
    const root = show(whole, loadMore);
    act(() => button(root, 'more-events').click());
    expect(root.querySelectorAll('[data-testid="event"]').length).toBe(whole.events.length);
    expect(loadMore).not.toHaveBeenCalled();
  });
});

describe('the sidebar on a partial payload', () => {
  /** The sidebar over a background answering each scope with `answer`; `asked`: the scopes asked for, in order. */
  async function sidebar(answer: (scope: PayloadScope) => SidebarPayload): Promise<{ root: HTMLElement; asked: PayloadScope[] }> {
    useLocale('en');
    const asked: PayloadScope[] = [];
    const view = { mentionCount: 9, entityIds: ids, pageDate: null, host: 'example.org', rule: null, focus: null, focusSeq: 0 };
    const root = document.createElement('div');
    document.body.append(root);
    const loadPayload = (_: unknown, scope: PayloadScope = {}): Promise<SidebarPayload> => {
      asked.push(scope);
      return Promise.resolve(answer(scope));
    };
    const noop = (): void => {};
    await act(async () => render(h(Sidebar, { view, load: loadPayload, readerUrl: () => '#', openReader: noop, onClose: noop, onStep: noop, onSiteRule: noop }), root));
    await act(async () => {});
    return { root, asked };
  }

  it('"Show all" asks the background for a step of them and shows every event (fewer than a step)', async () => {
    const { root, asked } = await sidebar((scope) => service.payload(ids, null, null, null, false, scope));
    expect(root.querySelectorAll('[data-testid="event"]').length).toBe(3);
    await act(async () => button(root, 'more-events').click());
    // The reply is a microtask after the click's effects: one more turn renders it.
    await act(async () => {});
    expect(asked).toEqual([{}, { upTo: SHOW_STEP }]);
    expect(root.querySelectorAll('[data-testid="event"]').length).toBe(whole.events.length);
    // Shown in full now: "Show fewer" folds it without asking again.
    await act(async () => button(root, 'more-events').click());
    expect(asked).toEqual([{}, { upTo: SHOW_STEP }]);
    expect(button(root, 'more-events').textContent).toBe(t('showAll', whole.events.length));
  });

  it('a reply that carries fewer than asked for is not asked for again (no endless asking)', async () => {
    // A background that always answers with the partial payload, whatever it is asked.
    const { root, asked } = await sidebar(() => ({ ...partial }));
    await act(async () => button(root, 'more-events').click());
    for (let i = 0; i < 5; i++) await act(async () => {});
    expect(asked).toEqual([{}, { upTo: SHOW_STEP }]);
    expect(root.querySelectorAll('[data-testid="event"]').length).toBe(partial.events.length);
  });
});
