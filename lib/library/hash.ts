/** Small stable hashes for library ids and duplicate detection (not for security). Platform-neutral. */

/** Two 32-bit FNV-1a hashes with different seeds, as 16 hex digits. */
export function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The key two copies of one article share whatever their whitespace and case: duplicate text. */
export function textKey(text: string): string {
  return hash64(text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim());
}

/**
 * The document id of a library article, the same as `npm run index -- --library` gives it (lib/index/library.ts),
 * so an article keeps one id whether the extension or the bundled index holds it.
 */
export { libraryDocId } from '../index/library';
