/**
 * Why an article was not added (or a library file not read). `code` picks the interface's message
 * (`libErr_<code>` in scripts/locales.mjs); `detail` fills it in (the supported languages, the article's title, the
 * file's problem). Nothing is stored when one is thrown.
 */
export const LIBRARY_ERROR_CODES = ['unreadable', 'pdf', 'notArticle', 'paywall', 'tiny', 'language', 'duplicateUrl', 'duplicateText', 'quota', 'badFile', 'notFound', 'storage'] as const;
export type LibraryErrorCode = (typeof LIBRARY_ERROR_CODES)[number];

export class LibraryError extends Error {
  constructor(
    readonly code: LibraryErrorCode,
    readonly detail: string = '',
  ) {
    super(`${code}${detail ? `: ${detail}` : ''}`);
  }
}

/** Whether an address is a PDF's (the browser shows it in its PDF viewer, where no content script runs). */
export const isPdfAddress = (url: string): boolean => /\.pdf([?#]|$)/i.test(url);
