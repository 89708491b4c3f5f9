/** The options page: global switch, per-site rules, highlighted types, sidebar and highlight style. */
import { useEffect, useState } from 'preact/hooks';
import { ENTITY_TYPES } from '../match/types';
import { t } from '../i18n';
import type { PageProps } from '../platform/pages';
import { defaultSettings, parseSettings, SETTINGS_KEY, type Settings } from '../settings';

export function OptionsApp(props: PageProps) {
  const [s, setS] = useState<Settings>(defaultSettings());
  useEffect(() => {
    void props.storage.get(SETTINGS_KEY).then((raw) => setS(parseSettings(raw)));
  }, []);
  const save = (next: Settings): void => {
    setS(next);
    void props.storage.set(SETTINGS_KEY, next);
  };
  return (
    <main class="bs-options">
      <h1>{t('optionsTitle')}</h1>
      <label>
        <input type="checkbox" data-testid="enabled" checked={s.enabled} onChange={(e) => save({ ...s, enabled: (e.target as HTMLInputElement).checked })} /> {t('optEnabled')}
      </label>
      <fieldset>
        <legend>{t('optTypes')}</legend>
        {ENTITY_TYPES.map((type) => (
          <label key={type}>
            <input
              type="checkbox"
              checked={s.types.includes(type)}
              onChange={(e) => save({ ...s, types: (e.target as HTMLInputElement).checked ? [...s.types, type] : s.types.filter((x) => x !== type) })}
            />{' '}
            {t(`type_${type}`)}
          </label>
        ))}
      </fieldset>
      <label>
        <input type="checkbox" checked={s.autoOpen} onChange={(e) => save({ ...s, autoOpen: (e.target as HTMLInputElement).checked })} /> {t('optAutoOpen')}
      </label>
      <fieldset>
        <legend>{t('optStyle')}</legend>
        {(['background', 'underline'] as const).map((style) => (
          <label key={style}>
            <input type="radio" name="style" checked={s.highlightStyle === style} onChange={() => save({ ...s, highlightStyle: style })} /> {t(`optStyle_${style}`)}
          </label>
        ))}
      </fieldset>
      <section>
        <h2>{t('optSites')}</h2>
        {Object.keys(s.sites).length === 0 ? (
          <p class="bs-empty">{t('optNoSites')}</p>
        ) : (
          <ul>
            {Object.entries(s.sites).sort().map(([host, rule]) => (
              <li key={host}>
                {host}: {t(`optRule_${rule}`)}{' '}
                <button
                  type="button"
                  class="bs-button"
                  onClick={() => {
                    const sites = { ...s.sites };
                    delete sites[host];
                    save({ ...s, sites });
                  }}
                >
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
