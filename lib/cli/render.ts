/**
 * Renders an article (a seed document or a .txt file) as a simple HTML page: the form the content script sees
 * on a news site. Used by `npm run scan` for .txt input, the demo server and the end-to-end tests.
 */
const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface ArticlePage {
  title: string;
  date: string | null;
  lang: string;
  paragraphs: string[];
}

export function renderArticle(a: ArticlePage): string {
  const meta = a.date ? `<meta property="article:published_time" content="${escape(a.date)}">` : '';
  const body = a.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n');
  return `<!doctype html>
<html lang="${escape(a.lang)}"><head><meta charset="utf-8"><title>${escape(a.title)}</title>${meta}</head>
<body><article><h1>${escape(a.title)}</h1>
${body}
</article></body></html>
`;
}

/** A plain-text article: first non-empty line is the title, blank lines separate paragraphs. */
export function textToArticle(text: string, lang = 'en'): ArticlePage {
  const paras = text.replace(/\r\n?/g, '\n').split(/\n\s*\n|\n/).map((p) => p.trim()).filter(Boolean);
  return { title: paras[0] ?? '', date: null, lang, paragraphs: paras.slice(1) };
}
