// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackstoryService } from '../../../lib/background/service';
import type { SidebarPayload } from '../../../lib/messages';
import type { MatcherTable } from '../../../lib/match/types';
import type { SerializedSearch } from '../../../lib/search/options';
import { StoryView } from '../../../lib/ui/story';
import { Sidebar } from '../../../lib/ui/sidebar';
import { t } from '../../../lib/i18n';
import { committedIndex, ROOT, useLocale } from '../helpers';

const load = <T,>(f: string): T => JSON.parse(readFileSync(join(ROOT, 'data', f), 'utf8')) as T;
// Small limits stand in for a big library: the payload carries the best items only.
const service = new BackstoryService(committedIndex(), load<SerializedSearch>('search.json'), load<MatcherTable>('matcher.json'), undefined, { events: 3, groups: 2, claimsPerGroup: 1 });
const ids = ['person:vladimir-putin', 'country:iran', 'country:russia', 'weapon:drones'];
const partial = service.payload(ids, null);
const whole = service.payload(ids, null, null, null, false, true);

afterEach(() => {
  useLocale('en');
  document.body.innerHTML = '';
});

function show(payload: SidebarPayload, loadAll: () => void): HTMLElement {
  useLocale('en');
  const root = document.createElement('div');
  document.body.append(root);
  act(() => render(h(StoryView, { payload, focus: null, onFocus: () => {}, readerUrl: () => '#', pageDateKnown: false, loadAll }), root));
  return root;
}
const button = (root: HTMLElement, id: string): HTMLButtonElement => root.querySelector(`[data-testid="${id}"]`)!;

describe('the story view on a partial payload', () => {
  it('says how many there are in all, and asks for them all on "Show all"', () => {
    expect(partial.more).toEqual({ events: whole.events.length, claims: whole.claimGroups.flatMap((g) => g.claims).length });
    const loadAll = vi.fn();
    const root = show(partial, loadAll);
    expect(button(root, 'more-events').textContent).toBe(t('showAll', whole.events.length));
    expect(button(root, 'more-claims').textContent).toBe(t('showAll', partial.more!.claims));
    expect(loadAll).not.toHaveBeenCalled();
    act(() => button(root, 'more-events').click());
    expect(loadAll).toHaveBeenCalledTimes(1);
    expect(button(root, 'more-events').getAttribute('aria-expanded')).toBe('true');
  });

  it('asks for them all when an entity is focused', () => {
    const loadAll = vi.fn();
    const root = show(partial, loadAll);
    expect(loadAll).not.toHaveBeenCalled();
    // The view's focus is its host's (the sidebar's): here this test is the host.
    act(() => render(h(StoryView, { payload: partial, focus: 'weapon:drones', onFocus: () => {}, readerUrl: () => '#', pageDateKnown: false, loadAll }), root));
    expect(loadAll).toHaveBeenCalled();
    const drones = whole.events.filter((e) => e.entityIds.includes('weapon:drones')).length;
    expect(partial.counts['weapon:drones']![0]).toBe(drones);
  });

  it('a complete payload never asks, and "Show all" shows what it has', () => {
    const loadAll = vi.fn();
    const root = show(whole, loadAll);
    act(() => button(root, 'more-events').click());
    expect(root.querySelectorAll('[data-testid="event"]').length).toBe(whole.events.length);
    expect(loadAll).not.toHaveBeenCalled();
  });
});

describe('the sidebar on a partial payload', () => {
  it('"Show all" asks the background with `all` and shows every event', async () => {
    useLocale('en');
    const asked: boolean[] = [];
    const view = { mentionCount: 9, entityIds: ids, pageDate: null, host: 'example.org', rule: null, focus: null, focusSeq: 0 };
    const root = document.createElement('div');
    document.body.append(root);
    const loadPayload = (_: unknown, all?: boolean): Promise<SidebarPayload> => {
      asked.push(!!all);
      return Promise.resolve(all ? whole : partial);
    };
    const noop = (): void => {};
    await act(async () => render(h(Sidebar, { view, load: loadPayload, readerUrl: () => '#', openReader: noop, onClose: noop, onStep: noop, onSiteRule: noop }), root));
    await act(async () => {});
    expect(root.querySelectorAll('[data-testid="event"]').length).toBe(3);
    await act(async () => button(root, 'more-events').click());
    // The reply is a microtask after the click's effects: one more turn renders it.
    await act(async () => {});
    expect(asked).toEqual([false, true]);
    expect(root.querySelectorAll('[data-testid="event"]').length).toBe(whole.events.length);
    // Shown in full now: "Show fewer" folds it without asking again.
    await act(async () => button(root, 'more-events').click());
    expect(asked).toEqual([false, true]);
    expect(button(root, 'more-events').textContent).toBe(t('showAll', whole.events.length));
  });
});
