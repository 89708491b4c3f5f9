/**
 * Articles from a library file (lib/library/format.ts) as documents of the bundled index, beside the seeds
 * (`npm run index -- --library FILE.json`). Platform-neutral: the CLI reads the file, this names the documents.
 */
import type { LibraryArticle } from '../library/format';

/** One library file's articles, with the name its errors give (the file as the maintainer named it). */
export interface LibrarySource {
  name: string;
  articles: LibraryArticle[];
}

/** The address an article is known by: the URL as the platform normalises it (host in lower case, and so on). */
export function canonicalUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/** FNV-1a, 64 bits, over the UTF-8 bytes of `text`: 16 hex digits. Small, stable, the same in Node and browsers. */
export function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

/**
 * A library article's document id, from its URL alone: `doc:lib-` and 12 hex digits of its hash. Stable whatever
 * the file, its order or the day it was exported; the events and claims of the article are named after it
 * (`ev:lib-…:12`, `cl:lib-…:12.0`).
 *
 * @example
 * libraryDocId('https://example.org/a') // => 'doc:lib-' + 12 hex digits
 */
export function libraryDocId(url: string): string {
  return `doc:lib-${fnv1a64(canonicalUrl(url)).slice(0, 12)}`;
}
