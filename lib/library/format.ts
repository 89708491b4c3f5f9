/**
 * The library file: what "Export" in the Library page writes, what "Import" reads, and what
 * `npm run index -- --library FILE.json` folds into the bundled index. It keeps each article as the reader added
 * it (the extracted text and its metadata), never the derived events and claims: those are recomputed by the same
 * `lib/index` pipeline, so a file stays valid when the rules improve. Platform-neutral.
 */

export const LIBRARY_FORMAT = 'backstory-library';
export const LIBRARY_VERSION = 1;
/**
 * Bump when the pipeline's output for an article changes: stored items of another version are recomputed (here, not
 * beside the pipeline in lib/library/analyse.ts, so that the service worker reads it without loading the pipeline).
 */
export const LIBRARY_PIPELINE_VERSION = 1;
/** The languages whose cue lexicons the pipeline has (data/lexicon/<lang>.json). */
export const LIBRARY_LANGS = ['de', 'en', 'es', 'fa', 'fr', 'ru'] as const;
export type LibraryLang = (typeof LIBRARY_LANGS)[number];

export interface LibraryArticle {
  /** The page the article was added from (http or https). */
  url: string;
  title: string;
  byline: string | null;
  /** `og:site_name`, else the host. */
  outlet: string;
  lang: LibraryLang;
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, from the page's metadata; null when it states none. */
  published: string | null;
  /** The article body as extracted, paragraphs separated by blank lines. */
  text: string;
  /** When the reader added it (ISO 8601). */
  addedAt: string;
}

export interface LibraryFile {
  format: typeof LIBRARY_FORMAT;
  version: typeof LIBRARY_VERSION;
  exportedAt: string;
  articles: LibraryArticle[];
}

/** A library file that cannot be read. The message names the input and, where it can, the article and field. */
export class LibraryFormatError extends Error {
  constructor(
    readonly input: string,
    problem: string,
  ) {
    super(`${input}: ${problem}`);
  }
}

const DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
const MAX_ARTICLES = 100_000;

function isIso(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** Checks one article; returns it with only the known fields, or throws naming `where` and the field. */
export function checkArticle(raw: unknown, input: string, where: string): LibraryArticle {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new LibraryFormatError(input, `${where} is not an object`);
  const a = raw as Record<string, unknown>;
  const bad = (field: string, want: string): never => {
    throw new LibraryFormatError(input, `${where}: "${field}" ${want}`);
  };
  if (!isHttpUrl(a.url)) bad('url', 'must be an http or https address');
  if (!nonEmpty(a.title)) bad('title', 'must be a non-empty string');
  if (a.byline !== null && typeof a.byline !== 'string') bad('byline', 'must be a string or null');
  if (!nonEmpty(a.outlet)) bad('outlet', 'must be a non-empty string');
  if (typeof a.lang !== 'string' || !(LIBRARY_LANGS as readonly string[]).includes(a.lang)) {
    bad('lang', `must be one of the supported languages (${LIBRARY_LANGS.join(', ')})`);
  }
  if (a.published !== null && (typeof a.published !== 'string' || !DATE.test(a.published))) bad('published', 'must be YYYY, YYYY-MM, YYYY-MM-DD or null');
  if (!nonEmpty(a.text)) bad('text', 'must be a non-empty string');
  if (!isIso(a.addedAt)) bad('addedAt', 'must be an ISO 8601 date and time');
  return {
    url: a.url as string,
    title: (a.title as string).trim(),
    byline: (a.byline as string | null) ?? null,
    outlet: (a.outlet as string).trim(),
    lang: a.lang as LibraryLang,
    published: (a.published as string | null) ?? null,
    text: a.text as string,
    addedAt: a.addedAt as string,
  };
}

/**
 * Parses and validates a library file (its text). `input` names it in errors (a file name). Refuses anything that
 * is not a Backstory library of this version, any invalid article, and two articles with the same URL.
 */
export function parseLibraryFile(text: string, input: string): LibraryFile {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new LibraryFormatError(input, `not valid JSON (${(e as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new LibraryFormatError(input, 'not a Backstory library file (expected a JSON object)');
  const d = data as Record<string, unknown>;
  if (d.format !== LIBRARY_FORMAT) throw new LibraryFormatError(input, `not a Backstory library file (expected "format": "${LIBRARY_FORMAT}")`);
  if (d.version !== LIBRARY_VERSION) {
    throw new LibraryFormatError(input, `library file version ${JSON.stringify(d.version)} is not supported (this version of Backstory reads version ${LIBRARY_VERSION})`);
  }
  if (!isIso(d.exportedAt)) throw new LibraryFormatError(input, '"exportedAt" must be an ISO 8601 date and time');
  if (!Array.isArray(d.articles)) throw new LibraryFormatError(input, '"articles" must be a list');
  if (d.articles.length > MAX_ARTICLES) throw new LibraryFormatError(input, `too many articles (${d.articles.length}; at most ${MAX_ARTICLES})`);
  const seen = new Map<string, number>();
  const articles = d.articles.map((raw, i) => {
    const article = checkArticle(raw, input, `article ${i + 1}`);
    const first = seen.get(article.url);
    if (first !== undefined) throw new LibraryFormatError(input, `article ${i + 1} has the same url as article ${first} (${article.url})`);
    seen.set(article.url, i + 1);
    return article;
  });
  return { format: LIBRARY_FORMAT, version: LIBRARY_VERSION, exportedAt: d.exportedAt, articles };
}

/** The file an export writes: articles oldest-added first, stable for the same library. */
export function libraryFile(articles: LibraryArticle[], exportedAt: string): LibraryFile {
  const sorted = [...articles].sort((a, b) => (a.addedAt < b.addedAt ? -1 : a.addedAt > b.addedAt ? 1 : a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  return { format: LIBRARY_FORMAT, version: LIBRARY_VERSION, exportedAt, articles: sorted };
}
