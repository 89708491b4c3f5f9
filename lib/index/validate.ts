/** Input checks for the index build: every bad input gets an error naming the file and the problem. */

/** An input that cannot be indexed. `file` names it; the message says what is wrong. */
export class IndexInputError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

export interface SeedFile {
  name: string;
  bytes: Uint8Array;
}

export interface SeedMeta {
  file: string;
  title: string;
  outlet: string | null;
  author: string | null;
  lang: string;
  translatedFrom: string | null;
  /** Null when the article has no date (a page a reader adds often states none). */
  date: { value: string; basis: 'text' | 'curated' | 'inferred' } | null;
  note: string | null;
  /** Where the article is published, when known (the ranking recognises the article being read by it). */
  url: string | null;
}

/** Decodes a seed file as UTF-8, refusing empty, binary and invalid input. */
export function decodeSeed(file: SeedFile): string {
  if (file.bytes.length === 0) throw new IndexInputError(file.name, 'the file is empty');
  if (file.bytes.includes(0)) throw new IndexInputError(file.name, 'the file is binary (it contains NUL bytes), not an article');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    throw new IndexInputError(file.name, 'the file is not valid UTF-8');
  }
  if (!text.trim()) throw new IndexInputError(file.name, 'the file has only white space');
  return text.replace(/^\uFEFF/, '');
}

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** Parses seeds/metadata.json, naming the entry and field at fault. */
export function parseMetadata(raw: string, name = 'metadata.json'): SeedMeta[] {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw new IndexInputError(name, `not valid JSON (${(e as Error).message})`);
  }
  const articles = (data as { articles?: unknown })?.articles;
  if (typeof data !== 'object' || data === null || (data as { version?: unknown }).version !== 1 || !Array.isArray(articles)) {
    throw new IndexInputError(name, 'expected {"version": 1, "articles": [...]}');
  }
  const seen = new Set<string>();
  return articles.map((a: unknown, i: number): SeedMeta => {
    const where = `${name}: articles[${i}]`;
    const bad = (problem: string): never => {
      throw new IndexInputError(where, problem);
    };
    if (typeof a !== 'object' || a === null) bad('is not an object');
    const m = a as Record<string, unknown>;
    if (typeof m.file !== 'string' || !m.file) bad('"file" must be a file name');
    if (seen.has(m.file as string)) bad(`"${String(m.file)}" is listed twice`);
    seen.add(m.file as string);
    if (typeof m.title !== 'string' || !m.title.trim()) bad('"title" must be a non-empty string');
    if (typeof m.lang !== 'string' || !/^[a-z]{2}$/.test(m.lang)) bad('"lang" must be a two-letter language code');
    for (const k of ['outlet', 'author', 'translatedFrom', 'note'] as const) {
      if (m[k] !== undefined && m[k] !== null && typeof m[k] !== 'string') bad(`"${k}" must be a string or null`);
    }
    if (m.url !== undefined && m.url !== null && (typeof m.url !== 'string' || !/^https?:\/\/\S+$/.test(m.url))) bad('"url" must be an http(s) address or null');
    // An article without a date: "date" is null or absent.
    const date = m.date as Record<string, unknown> | null | undefined;
    if (date !== null && date !== undefined) {
      if (typeof date !== 'object' || typeof date.value !== 'string' || !DATE.test(date.value)) bad('"date.value" must be YYYY, YYYY-MM or YYYY-MM-DD (or "date": null)');
      if (!['text', 'curated', 'inferred'].includes(date.basis as string)) bad('"date.basis" must be text, curated or inferred');
    }
    return {
      file: m.file as string,
      title: (m.title as string).trim(),
      outlet: (m.outlet as string | null | undefined) ?? null,
      author: (m.author as string | null | undefined) ?? null,
      lang: m.lang as string,
      translatedFrom: (m.translatedFrom as string | null | undefined) ?? null,
      date: date ? { value: date.value as string, basis: date.basis as NonNullable<SeedMeta['date']>['basis'] } : null,
      note: (m.note as string | null | undefined) ?? null,
      url: (m.url as string | null | undefined) ?? null,
    };
  });
}
