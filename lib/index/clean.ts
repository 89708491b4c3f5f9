/**
 * Strips site chrome from a captured article and keeps the article: menus, breadcrumbs, "Related posts",
 * "Categories", "Recent Posts", comment forms, "Advertisement", "Content is protected", tag lines, photo
 * credits. Photo captions are kept and marked. Works on the plain-text captures in seeds/.
 */

export interface CleanResult {
  /** Paragraphs joined by blank lines: the text every offset refers to. */
  text: string;
  captions: Array<{ start: number; end: number }>;
  /** What the text itself states, when it does. */
  stated: { date: string | null; author: string | null };
  /** Every line that was dropped, with the reason (for the golden file and for debugging a new seed). */
  removed: Array<{ line: string; reason: string }>;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Lines that are site chrome wherever they appear. */
const CHROME_LINE = [
  /^(main menu|header banner|categories|recent posts|connect with us|advertisement|click to comment|leave a reply|published|on|news|press split|home page \w+)$/i,
  /^your email address will not be published/i,
  /^error: content is protected/i,
  /^<\s*\/\s*\w+>$/,
  /^[:\-–—|•·]*$/,
  /^\d+$/,
  /^see also:/i,
  /^•?\s*this article is based in part on/i,
  /view photo gallery$/i,
  /^[\w-]+$/, // a lone tag word such as "rrt-allgemeines"
];

/** After one of these, the rest of the capture is site chrome. */
const TAIL_START = /^(related posts:?|categories|recent posts|leave a reply|advertisement|click to comment)$/i;

/** Photo credit lines: "Name|Agency|Getty Images", "Contributor|Getty Images News|Getty Images". */
const CREDIT_LINE = /^[^.!?"“”]{2,80}\|[^.!?"“”]{2,80}$/;
const COPYRIGHT_TAIL = /\s*©\s*[^.!?]*$/;
const WIRE_TAG = /\s*\((?:[a-z]{2,5}(?: with | mit )?(?:dpa|afp|reuters|ap|rtr))\)\s*$/i;

const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;
const hasSentencePunctuation = (s: string): boolean => /[.!?"“”»«)]\s*$|[.!?]\s/.test(s);

function parseDateLine(line: string): string | null {
  let m = /^date\s+(\d{4}-\d{2}-\d{2})\b/i.exec(line);
  if (m) return m[1]!;
  m = /^(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{1,2}),\s*(\d{4})$/i.exec(line);
  if (m) {
    const month = MONTHS.indexOf(m[1]!.toLowerCase()) + 1;
    return `${m[3]}-${String(month).padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
  }
  return null;
}

const titleKey = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Cleans one capture. `title` is the curated title: lines repeating it (headings, breadcrumbs) are dropped.
 *
 * @example
 * clean('Main Menu\n  • Home\nPutin met Raisi in Tehran on Tuesday.\nRelated posts:\n  1. Other', 'T').text
 * // => 'Putin met Raisi in Tehran on Tuesday.'
 */
export function clean(raw: string, title: string): CleanResult {
  const removed: CleanResult['removed'] = [];
  const stated: CleanResult['stated'] = { date: null, author: null };
  const titleK = titleKey(title);
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  const paragraphs: Array<{ text: string; caption: boolean }> = [];
  let inTail = false;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\s+/g, ' ').trim();
    if (!line) continue;
    const drop = (reason: string): void => {
      removed.push({ line, reason });
    };
    if (inTail) {
      drop('after the end of the article');
      continue;
    }
    if (TAIL_START.test(line)) {
      inTail = true;
      drop('start of the page footer');
      continue;
    }
    const date = parseDateLine(line);
    if (date) {
      stated.date ??= date;
      drop('dateline');
      continue;
    }
    const byline = /^(?:by|from|von):?\s+(.+)$/i.exec(line);
    if (byline && words(byline[1]!) <= 4 && !hasSentencePunctuation(line)) {
      stated.author ??= byline[1]!;
      drop('byline');
      continue;
    }
    if (/^[•·]\s/.test(line) || /^\d+\.\s/.test(line)) {
      drop('menu or list item of the site');
      continue;
    }
    if (/›|»\s*\w+\s*»/.test(line)) {
      drop('breadcrumb');
      continue;
    }
    const key = titleKey(line);
    if (key === titleK || (key.startsWith(titleK) && key.length - titleK.length < 12)) {
      drop('title');
      continue;
    }
    if (CREDIT_LINE.test(line)) {
      drop('photo credit');
      // The paragraph before a credit is a photo caption.
      const prev = paragraphs[paragraphs.length - 1];
      if (prev) prev.caption = true;
      continue;
    }
    if (CHROME_LINE.some((re) => re.test(line))) {
      drop('site chrome');
      continue;
    }
    if (words(line) < 4 && !hasSentencePunctuation(line)) {
      drop('short line without a sentence (menu, label)');
      continue;
    }
    let text = line;
    let caption = false;
    if (COPYRIGHT_TAIL.test(text)) {
      text = text.replace(COPYRIGHT_TAIL, '');
      caption = true;
      removed.push({ line: line.slice(text.length).trim(), reason: 'photo credit' });
    }
    if (WIRE_TAG.test(text)) {
      removed.push({ line: WIRE_TAG.exec(text)![0].trim(), reason: 'agency tag' });
      text = text.replace(WIRE_TAG, '');
    }
    paragraphs.push({ text, caption });
  }

  let text = '';
  const captions: CleanResult['captions'] = [];
  for (const p of paragraphs) {
    if (text) text += '\n\n';
    if (p.caption) captions.push({ start: text.length, end: text.length + p.text.length });
    text += p.text;
  }
  return { text, captions, stated, removed };
}
