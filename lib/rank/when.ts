/**
 * The time a page without a publication date is about: the dates it names ("In July 2022", "am 19. Juli 2022",
 * "en juillet 2022", "19 июля 2022 года", "July 19, 2022", "in 2022"), the most named month (or year) first, the
 * title counting three times. The ranking uses it as the page's reference time: an undated page about July 2022
 * gets the backstory of July 2022, not whatever its names touch at any time.
 *
 * Month names come from the platform (`Intl.DateTimeFormat`, long and short forms, nominative and the form used
 * with a day, as in Russian "июля"), folded like the ranking's words, for the languages the lexicons cover and a
 * few more whose names the gazetteer carries; no table to maintain, nothing shipped.
 */
import { words } from './fingerprint';

const LANGS = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'pl', 'ru', 'uk', 'tr'];
/** Years a news page names: outside this range a four-digit number is more likely a count or an address. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2199;

let monthNames: Map<string, number> | null = null;

/** Folded month name (any of LANGS, long or short, standalone or with a day) → month number 1–12. */
export function months(): Map<string, number> {
  if (monthNames) return monthNames;
  const out = new Map<string, number>();
  const add = (text: string, m: number): void => {
    for (const w of words(text)) if (!/\d/.test(w) && w.length >= 3 && !out.has(w)) out.set(w, m);
  };
  for (const lang of LANGS) {
    for (const options of [{ month: 'long' }, { month: 'short' }, { day: 'numeric', month: 'long' }, { day: 'numeric', month: 'short' }] as const) {
      let f: Intl.DateTimeFormat;
      try {
        f = new Intl.DateTimeFormat(lang, { ...options, timeZone: 'UTC' });
      } catch {
        continue;
      }
      for (let m = 1; m <= 12; m++) add(f.format(new Date(Date.UTC(2001, m - 1, 15))), m);
    }
  }
  monthNames = out;
  return out;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Every date the words name: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, in order. */
export function namedDates(tokens: string[]): string[] {
  const names = months();
  const out: string[] = [];
  const day = (w: string | undefined): number | null => (w && /^\d{1,2}$/.test(w) && Number(w) >= 1 && Number(w) <= 31 ? Number(w) : null);
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]!;
    if (!/^\d{4}$/.test(w)) continue;
    const year = Number(w);
    if (year < FIRST_YEAR || year > LAST_YEAR) continue;
    // "July 2022", "19 July 2022", "July 19, 2022" (the comma is not a word), "19. Juli 2022".
    let month = names.get(tokens[i - 1] ?? '');
    let d: number | null = null;
    if (month) d = day(tokens[i - 2]);
    else if (day(tokens[i - 1]) !== null && names.get(tokens[i - 2] ?? '')) {
      month = names.get(tokens[i - 2]!);
      d = day(tokens[i - 1]);
    }
    out.push(month ? (d ? `${year}-${pad(month)}-${pad(d)}` : `${year}-${pad(month)}`) : String(year));
  }
  return out;
}

/**
 * The page's reference time when it has no date: the month it names most (a day counts for its month, a year
 * alone for the year), title three times; ties go to the later time. Null when it names no date.
 */
export function namedTime(title: string[], body: string[]): string | null {
  const weight = new Map<string, number>();
  const count = (dates: string[], w: number): void => {
    for (const d of dates) {
      const key = d.slice(0, 7);
      weight.set(key, (weight.get(key) ?? 0) + w);
    }
  };
  count(namedDates(title), 3);
  count(namedDates(body), 1);
  // A year named alone adds to its months' weight too, but a month is preferred to its bare year.
  let best: string | null = null;
  let bestWeight = 0;
  for (const [key, w] of weight) {
    const total = key.length === 4 ? w : w + (weight.get(key.slice(0, 4)) ?? 0) / 2;
    if (total > bestWeight || (total === bestWeight && best !== null && key > best)) {
      best = key;
      bestWeight = total;
    }
  }
  return best;
}
