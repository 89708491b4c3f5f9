/**
 * User-facing strings go through the extension's i18n (`public/_locales/{en,de}/messages.json`). The lookup is
 * injected so that lib/ stays platform-neutral: entry points pass `browser.i18n.getMessage`, tests and the CLI
 * pass a reader of the JSON files.
 */
export type MessageGetter = (key: string, substitutions?: string | string[]) => string;

let getter: MessageGetter = (key) => key;
let locale = 'en';

export function setMessages(get: MessageGetter, uiLocale: string): void {
  getter = get;
  locale = uiLocale;
}

/** The translated string for `key` (the key itself when missing, so a gap is visible, never blank). */
export function t(key: string, ...subs: Array<string | number>): string {
  const out = getter(key, subs.map(String));
  return out || key;
}

/** Builds a getter from a messages.json object (tests, CLI, fallback). Supports $1..$9 placeholders. */
export function getterFrom(messages: Record<string, { message: string; placeholders?: Record<string, { content: string }> }>): MessageGetter {
  return (key, substitutions) => {
    const entry = messages[key];
    if (!entry) return '';
    const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    let msg = entry.message;
    for (const [name, ph] of Object.entries(entry.placeholders ?? {})) {
      msg = msg.replace(new RegExp(`\\$${name}\\$`, 'gi'), ph.content);
    }
    return msg.replace(/\$(\d)/g, (_, d: string) => subs[Number(d) - 1] ?? '');
  };
}

/** Formats an index date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) for the UI locale at its own precision. */
export function formatDate(value: string): string {
  // A date stated without a year (`--MM-DD`, `--MM`): month and day only.
  if (value.startsWith('--')) {
    const [m, d] = value.slice(2).split('-').map(Number) as [number, number | undefined];
    const opts: Intl.DateTimeFormatOptions = { timeZone: 'UTC', month: 'long' };
    if (d) opts.day = 'numeric';
    return new Intl.DateTimeFormat(locale, opts).format(new Date(Date.UTC(2000, m - 1, d ?? 1)));
  }
  const [y, m, d] = value.split('-').map(Number) as [number, number | undefined, number | undefined];
  const date = new Date(Date.UTC(y, (m ?? 1) - 1, d ?? 1));
  const opts: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric' };
  if (m) opts.month = d ? 'short' : 'long';
  if (d) opts.day = 'numeric';
  return new Intl.DateTimeFormat(locale, opts).format(date);
}
