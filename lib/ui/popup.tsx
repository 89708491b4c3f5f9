/**
 * The popup: a search box focused on open, results as you type grouped by kind, full keyboard use, "On this
 * page" for an on-topic tab, and something useful for an empty query.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { IndexEntity } from '../index/types';
import { PENDING_QUERY_KEY, type PageReport, type SearchHit, type SearchKind, type SidebarPayload } from '../messages';
import { formatDate, t } from '../i18n';
import type { PageProps } from '../platform/pages';
import { siteOf, withSiteRule, type Settings, type SiteRule } from '../settings';
import { displayName, uiLang } from './names';
import { SiteSwitch } from './site-switch';
import { AddToLibrary } from './library';
import { StoryView } from './story';
import { splitMarked } from '../search/snippet';

const KINDS: SearchKind[] = ['entity', 'event', 'claim', 'document'];
const RECENT_KEY = 'recentLookups';

/** Marks the matched terms in a snippet, as text nodes and <mark> elements (never HTML strings). */
export function Marked({ text, terms }: { text: string; terms: string[] }) {
  const parts = useMemo(() => splitMarked(text, terms), [text, terms]);
  return <>{parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : p.text))}</>;
}

type View = { kind: 'search' } | { kind: 'entity'; id: string; payload: SidebarPayload | null };

export function PopupApp(props: PageProps) {
  const [query, setQuery] = useState(() => new URLSearchParams(props.location.search).get('q') ?? '');
  const [kinds, setKinds] = useState<SearchKind[]>(KINDS);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  /** The query the shown hits answer: "nothing found" only once the current query has its answer. */
  const [answered, setAnswered] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [view, setView] = useState<View>({ kind: 'search' });
  const [top, setTop] = useState<IndexEntity[]>([]);
  const [recent, setRecent] = useState<string[]>([]);
  const [onPage, setOnPage] = useState<PageReport | null>(null);
  const [tabId, setTabId] = useState<number | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  /** The active tab's site (from its content script's report) and the settings, for the quick switches. */
  const [site, setSite] = useState<string | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const back = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    input.current?.focus();
    void props.send<'topEntities'>({ type: 'topEntities', limit: 8 }).then((list) => {
      setTop(list);
    });
    void props.storage.get(RECENT_KEY).then((r) => setRecent(Array.isArray(r) ? r.filter((x): x is string => typeof x === 'string').slice(0, 6) : []));
    void props.storage.get(PENDING_QUERY_KEY).then((q) => {
      if (typeof q === 'string' && q) {
        setQuery(q);
        void props.storage.set(PENDING_QUERY_KEY, '');
      }
    });
    void props.settings.get().then(setSettings);
    const unsubscribe = props.settings.subscribe(setSettings);
    void props.activeTabId().then(async (tabId) => {
      setTabId(tabId);
      if (tabId === null) return;
      const report = await props.send<'pageState'>({ type: 'pageState', tabId });
      setSite(report?.url ? siteOf(report.url) : null);
      if (report?.onTopic && report.entityIds.length) {
        setOnPage(report);
        // Ranked as the sidebar ranks the page's names (lib/rank): the most telling first.
        const payload = await props.send<'payload'>({ type: 'payload', entityIds: report.entityIds, pageDate: null, ...(report.zones ? { page: { zones: report.zones } } : {}) });
        setNames(new Map(payload.entities.map((e) => [e.id, displayName(e, uiLang())])));
      }
    });
    return unsubscribe;
  }, []);

  const change = (fn: (s: Settings) => Settings): void => {
    setSettings((cur) => (cur ? fn(cur) : cur));
    void props.settings.update(fn).then(setSettings);
  };
  const setRule = (rule: SiteRule | null): void => {
    if (site) change((s) => withSiteRule(s, site, rule));
  };

  // A layout effect, not a plain effect: the request leaves right after the first render instead of after the
  // first paint, which is most of the "open → first results" budget (`npm run bench -- popup`).
  useLayoutEffect(() => {
    let cancelled = false;
    const q = query.trim();
    if (!q) {
      setHits([]);
      return undefined;
    }
    const lang = t('lang') === 'de' ? ('de' as const) : ('en' as const);
    const req = { type: 'search' as const, query: q, kinds, limit: 40, lang, ...(from ? { from } : {}), ...(to ? { to } : {}) };
    void props.send<'search'>(req).then((r) => {
      if (!cancelled) {
        setHits(r);
        setAnswered(q);
        setActive(0);
      }
    });
    return () => {
      cancelled = true;
    };
  }, [query, kinds, from, to]);

  useEffect(() => {
    if (view.kind === 'search') input.current?.focus();
    else back.current?.focus();
  }, [view.kind]);

  // Keeps the keyboard's result in view (not on new results: the first one is at the top already).
  useEffect(() => {
    if (active > 0) document.getElementById(`bs-r-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const ordered = useMemo(() => KINDS.flatMap((k) => hits.filter((h) => h.kind === k)), [hits]);

  const remember = (q: string): void => {
    const next = [q, ...recent.filter((r) => r !== q)].slice(0, 6);
    setRecent(next);
    void props.storage.set(RECENT_KEY, next);
  };

  const openEntity = (id: string): void => {
    setView({ kind: 'entity', id, payload: null });
    void props.send<'entity'>({ type: 'entity', id }).then((payload) => setView({ kind: 'entity', id, payload }));
  };

  const open = (hit: SearchHit): void => {
    if (query.trim()) remember(query.trim());
    if (hit.kind === 'entity') openEntity(hit.id);
    else if (hit.docId) void props.openTab(props.readerUrl(hit.docId, hit.start ?? undefined, hit.end ?? undefined));
  };

  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, ordered.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      const hit = ordered[active];
      if (hit) {
        e.preventDefault();
        open(hit);
      }
    } else if (e.key === 'Escape') {
      if (view.kind !== 'search') setView({ kind: 'search' });
      else if (query) {
        e.preventDefault();
        setQuery('');
      }
    }
  };

  if (view.kind === 'entity') {
    return (
      // Only Escape here: the search's arrow and Enter keys would otherwise act on the hidden results (Enter on a
      // button of the card, such as "Copy citation", opened the active search result instead).
      <main class="bs-popup" onKeyDown={(e) => e.key === 'Escape' && setView({ kind: 'search' })}>
        <button type="button" class="bs-button" data-testid="back" onClick={() => setView({ kind: 'search' })} ref={back}>
          ← {t('back')}
        </button>
        {view.payload ? (
          <StoryView payload={view.payload} focus={null} onFocus={(id) => id && openEntity(id)} readerUrl={props.readerUrl} pageDateKnown={false} card />
        ) : (
          <p class="bs-empty">{t('loading')}</p>
        )}
      </main>
    );
  }

  return (
    <main class="bs-popup">
      <h1 class="bs-sr">{t('popupTitle')}</h1>
      <div role="search">
        <label class="bs-sr" for="bs-q">{t('searchLabel')}</label>
        <input
          id="bs-q"
          ref={input}
          type="search"
          class="bs-search"
          data-testid="search"
          value={query}
          placeholder={t('searchPlaceholder')}
          autoComplete="off"
          role="combobox"
          list={undefined}
          aria-expanded={ordered.length > 0}
          aria-controls="bs-results"
          aria-activedescendant={ordered[active] ? `bs-r-${active}` : undefined}
          onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
          onKeyDown={onKey}
        />
        <div class="bs-filters">
          {KINDS.map((k) => (
            <label key={k} class="bs-meta">
              <input
                type="checkbox"
                checked={kinds.includes(k)}
                data-testid={`kind-${k}`}
                onChange={(e) => setKinds((ks) => ((e.target as HTMLInputElement).checked ? [...ks, k] : ks.filter((x) => x !== k)))}
              />{' '}
              {t(`kind_${k}`)}
            </label>
          ))}
          <label class="bs-meta">
            {t('dateFrom')} <input type="date" value={from} data-testid="from" onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
          </label>
          <label class="bs-meta">
            {t('dateTo')} <input type="date" value={to} data-testid="to" onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
          </label>
        </div>
      </div>
      {query.trim() ? (
        ordered.length ? (
          <div id="bs-results" role="listbox" aria-label={t('searchLabel')} data-testid="results">
            {KINDS.map((k) => {
              const group = ordered.map((h, i) => [h, i] as const).filter(([h]) => h.kind === k);
              if (!group.length) return null;
              return (
                <div role="group" aria-label={t(`kind_${k}`)} key={k}>
                  {/* A listbox group holds options only: the visible heading is hidden, the group is named instead. */}
                  <div class="bs-group" aria-hidden="true">{t(`kind_${k}`)}</div>
                  {group.map(([h, i]) => (
                    <div
                      id={`bs-r-${i}`}
                      role="option"
                      aria-selected={i === active}
                      class={`bs-result${i === active ? ' bs-active' : ''}`}
                      data-testid="result"
                      data-kind={h.kind}
                      data-id={h.id}
                      data-date={h.date?.value}
                      key={`${h.kind}:${h.id}`}
                      onClick={() => open(h)}
                      onMouseEnter={() => setActive(i)}
                    >
                      <div>
                        <Marked text={h.title} terms={h.terms} />
                      </div>
                      <div class="bs-meta">
                        {h.date ? `${formatDate(h.date.value)} · ` : ''}
                        {h.library && (
                          <span class="bs-library-mark" data-testid="from-library">
                            {t('fromLibrary')} ·{' '}
                          </span>
                        )}
                        <Marked text={h.snippet} terms={h.terms} />
                      </div>
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        ) : answered === query.trim() ? (
          <p class="bs-empty" data-testid="no-results" role="status">{t('noResults', query.trim())}</p>
        ) : null
      ) : (
        <div data-testid="empty-state">
          {onPage && (
            <section>
              <h2 class="bs-group">{t('onThisPage')}</h2>
              <div class="bs-chips" data-testid="on-this-page">
                {[...names.keys()].filter((id) => onPage.entityIds.includes(id)).map((id) => (
                  <button type="button" class="bs-chip" key={id} onClick={() => openEntity(id)}>
                    {names.get(id)}
                  </button>
                ))}
              </div>
            </section>
          )}
          {recent.length > 0 && (
            <section>
              <h2 class="bs-group">{t('recentLookups')}</h2>
              <div class="bs-chips" data-testid="recent">
                {recent.map((r) => (
                  <button type="button" class="bs-chip" key={r} onClick={() => setQuery(r)}>
                    {r}
                  </button>
                ))}
              </div>
            </section>
          )}
          <section>
            <h2 class="bs-group">{t('mostConnected')}</h2>
            <div class="bs-chips" data-testid="top-entities">
              {top.map((e) => (
                <button type="button" class="bs-chip" key={e.id} onClick={() => openEntity(e.id)}>
                  {displayName(e, uiLang())}
                </button>
              ))}
            </div>
          </section>
        </div>
      )}
      {settings && (
        <footer class="bs-popup-foot" data-testid="quick-settings">
          <label class="bs-field">
            <input
              type="checkbox"
              data-testid="global-enabled"
              checked={settings.enabled}
              onChange={(e) => {
                const enabled = (e.target as HTMLInputElement).checked;
                change((s) => ({ ...s, enabled }));
              }}
            />{' '}
            {t('optEnabled')}
          </label>
          {site && <SiteSwitch host={site} rule={settings.sites[site] ?? null} onChange={setRule} />}
          {tabId !== null && <AddToLibrary add={() => props.send<'libraryAdd'>({ type: 'libraryAdd', tabId })} />}
          <button type="button" class="bs-link" data-testid="open-options" onClick={() => void props.openOptions()}>
            {t('allSettings')}
          </button>
        </footer>
      )}
    </main>
  );
}
