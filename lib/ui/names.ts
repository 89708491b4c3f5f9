/**
 * Names in the reader's language: in a German interface an entity shows its German form (Russland, Moskau,
 * Peseschkian) where the gazetteer marks one (`names: { de: ... }`); quotes stay in their source language.
 */
import { t } from '../i18n';

export type UiLang = 'en' | 'de';

/** The interface language, as the locale files say it. */
export function uiLang(): UiLang {
  return t('lang') === 'de' ? 'de' : 'en';
}

/**
 * The name to show for an entity in `lang`: its display name for that language, else its canonical name.
 *
 * @example
 * displayName({ name: 'Russia', names: { de: 'Russland' } }, 'de') // => 'Russland'
 */
export function displayName(entity: { name: string; names?: Partial<Record<string, string>> | undefined }, lang: string): string {
  return entity.names?.[lang] ?? entity.name;
}
