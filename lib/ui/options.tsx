/** The options page: global switch, per-site rules, highlighted types, sidebar, highlight style and density. */
import { useEffect, useState } from 'preact/hooks';
import { DENSITIES } from '../highlight/density';
import { ENTITY_TYPES } from '../match/types';
import { t } from '../i18n';
import type { PageProps } from '../platform/pages';
import { withSiteRule, type Settings } from '../settings';
import { LibraryPage } from './library-page';

const STYLES = ['background', 'underline'] as const;

export function OptionsApp(props: PageProps) {
  const [s, setS] = useState<Settings | null>(null);
  useEffect(() => {
    void props.settings.get().then(setS);
    // Rules set from a sidebar or the popup show up here at once.
    return props.settings.subscribe(setS);
  }, []);
  const save = (change: (s: Settings) => Settings): void => {
    setS((cur) => (cur ? change(cur) : cur));
    void props.settings.update(change).then(setS);
  };
  if (!s) return <main class="bs-options" aria-busy="true" />;
  const sites = Object.entries(s.sites).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return (
    <main class="bs-options" aria-labelledby="bs-options-title">
      <h1 id="bs-options-title">{t('optionsTitle')}</h1>
      <section aria-labelledby="bs-general">
        <h2 id="bs-general">{t('optGeneral')}</h2>
        <label class="bs-field">
          <input type="checkbox" data-testid="enabled" checked={s.enabled} onChange={(e) => {
            const enabled = (e.target as HTMLInputElement).checked;
            save((x) => ({ ...x, enabled }));
          }} /> {t('optEnabled')}
        </label>
        <label class="bs-field">
          <input type="checkbox" data-testid="auto-open" checked={s.autoOpen} onChange={(e) => {
            const autoOpen = (e.target as HTMLInputElement).checked;
            save((x) => ({ ...x, autoOpen }));
          }} /> {t('optAutoOpen')}
        </label>
        <label class="bs-field">
          <input type="checkbox" data-testid="library-auto" checked={s.libraryAuto} onChange={(e) => {
            const libraryAuto = (e.target as HTMLInputElement).checked;
            save((x) => ({ ...x, libraryAuto }));
          }} /> {t('optLibraryAuto')}
        </label>
      </section>
      <LibraryPage send={props.send} readerUrl={props.readerUrl} openTab={props.openTab} usage={props.usage} download={props.download} />
      <fieldset>
        <legend>{t('optTypes')}</legend>
        {ENTITY_TYPES.map((type) => (
          <label key={type} class="bs-field">
            <input
              type="checkbox"
              data-testid={`type-${type}`}
              checked={s.types.includes(type)}
              onChange={(e) => {
                const on = (e.target as HTMLInputElement).checked;
                save((x) => ({ ...x, types: on ? [...x.types, type] : x.types.filter((y) => y !== type) }));
              }}
            />{' '}
            {t(`type_${type}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('optStyle')}</legend>
        {STYLES.map((style) => (
          <label key={style} class="bs-field">
            <input type="radio" name="style" data-testid={`style-${style}`} checked={s.highlightStyle === style} onChange={() => save((x) => ({ ...x, highlightStyle: style }))} />{' '}
            {t(`optStyle_${style}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('optDensity')}</legend>
        {DENSITIES.map((density) => (
          <label key={density} class="bs-field">
            <input type="radio" name="density" data-testid={`density-${density}`} checked={s.density === density} onChange={() => save((x) => ({ ...x, density }))} /> {t(`optDensity_${density}`)}
          </label>
        ))}
      </fieldset>
      <section aria-labelledby="bs-sites">
        <h2 id="bs-sites">{t('optSites')}</h2>
        <p class="bs-meta">{t('optSitesHelp')}</p>
        {sites.length === 0 ? (
          <p class="bs-empty" data-testid="no-sites">{t('optNoSites')}</p>
        ) : (
          <ul class="bs-list" data-testid="sites">
            {sites.map(([host, rule]) => (
              <li key={host} class="bs-item bs-site-row" data-testid="site-rule" data-host={host} data-rule={rule}>
                <span>
                  <strong>{host}</strong> · {t(`optRule_${rule}`)}
                </span>
                <button type="button" class="bs-button" aria-label={t('optRemoveFor', host)} onClick={() => save((x) => withSiteRule(x, host, null))}>
                  {t('optRemove')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
