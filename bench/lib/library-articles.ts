/**
 * Synthetic articles for the library benchmark, generated here from templates (no third-party text): reporting on
 * the Russia–Iran story with the gazetteer's names, dated meetings, signings and deliveries, and attributed claims,
 * so that the pipeline finds events and claims in them as in real articles. Deterministic for a given seed.
 */
import type { LibraryArticle } from '../../lib/library/format';

const PEOPLE = [
  ['Sergey Lavrov', 'Russian Foreign Minister'],
  ['Abbas Araghchi', 'Iranian Foreign Minister'],
  ['Vladimir Putin', 'Russian President'],
  ['Masoud Pezeshkian', 'Iranian President'],
  ['Dmitry Peskov', 'Kremlin spokesman'],
  ['Sergei Shoigu', 'Security Council secretary'],
  ['Mohammad Bagheri', 'Iranian chief of staff'],
  ['Ali Larijani', 'Iranian adviser'],
  ['Andrey Belousov', 'Russian Defence Minister'],
  ['Yuri Ushakov', 'Kremlin aide'],
] as const;
const PLACES = ['Moscow', 'Tehran', 'Kazan', 'Saint Petersburg', 'Ashgabat'];
const TOPICS = ['the North–South Transport Corridor', 'Shahed-136 drones', 'the S-400 air defence system', 'Su-35 fighter jets', 'the Bushehr nuclear power plant', 'BRICS', 'the comprehensive strategic partnership treaty', 'the Caspian Sea'];
const VERBS = ['met', 'held talks with', 'spoke with'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** Background sentences: no reporting verb, no dated happening (neither a claim nor an event). */
const FILLER = [
  'Further rounds of talks between the two governments are planned for next year.',
  'Western governments have watched the growing cooperation between the two countries with concern.',
  'The agreement is more symbolic than practical, as sanctions limit what either side can deliver.',
  'Trade between the two countries has grown since the war in Ukraine began, according to customs figures.',
  'The two sides still disagree on prices, payment channels and the timetable.',
  'The talks also touched on the situation in the Middle East and on shipping in the Caspian Sea.',
  'Business groups in both countries welcomed the plans, but banks remain cautious.',
  'Neither side published the full text of the documents that were signed during the visit.',
];
/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Article `i` of about `words` words (paragraphs of four to six sentences), published in 2023–2025. As in wire
 * copy, a few paragraphs report a dated meeting (an event) or carry an attributed statement (a claim): 2 to 3
 * events and 3 to 6 claims an article, whatever its length; the rest is background without either.
 */
export function syntheticArticle(i: number, words = 600): LibraryArticle {
  const r = rng(i * 7919 + 17);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const year = 2023 + (i % 3);
  const month = 1 + Math.floor(r() * 12);
  const eventsWanted = 2 + Math.floor(r() * 2);
  const claimsWanted = 3 + Math.floor(r() * 4);
  let events = 0;
  let claims = 0;
  const paragraphs: string[] = [];
  let count = 0;
  let p = 0;
  while (count < words) {
    const [a, aRole] = pick(PEOPLE);
    let [b, bRole] = pick(PEOPLE);
    if (b === a) [b, bRole] = PEOPLE[(PEOPLE.findIndex(([n]) => n === a) + 1) % PEOPLE.length]!;
    const place = pick(PLACES);
    const topic = pick(TOPICS);
    const day = 1 + Math.floor(r() * 27);
    const m = MONTHS[(month - 1 + p) % 12]!;
    const sentences: string[] = [];
    if (p % 2 === 0 && events < eventsWanted) {
      sentences.push(`${aRole} ${a} ${pick(VERBS)} ${bRole} ${b} in ${place} on ${m} ${day}, ${year}, to discuss ${topic}.`);
      events++;
    } else sentences.push(pick(FILLER));
    sentences.push(pick(FILLER));
    if (claims < claimsWanted) {
      sentences.push(claims % 2 === 0 ? `${a} said the two countries would expand their cooperation on ${topic} in the coming months.` : `${b} denied that Iran had supplied weapons to Russia for the war in Ukraine.`);
      claims++;
    } else sentences.push(pick(FILLER));
    sentences.push(`The plan numbered ${i}-${p} covers ${topic} and the ports of the ${pick(['north', 'south', 'east', 'west'])}.`, pick(FILLER), pick(FILLER));
    const para = sentences.slice(0, 4 + Math.floor(r() * 3)).join(' ');
    paragraphs.push(para);
    count += para.split(/\s+/).length;
    p++;
  }
  return {
    url: `https://news.example/${year}/synthetic-${i}`,
    title: `Russia and Iran: talks on ${pick(TOPICS).replace(/^the /, '')} (${i})`,
    byline: null,
    outlet: pick(['Caspian Ledger', 'Volga Wire', 'Gulf Dispatch']),
    lang: 'en',
    published: `${year}-${String(month).padStart(2, '0')}-28`,
    text: paragraphs.join('\n\n'),
    addedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
  };
}

/** The same article as a page the reader adds: what the content script's snapshot would carry. */
export function syntheticPage(article: LibraryArticle): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html><html lang="${article.lang}"><head><meta charset="utf-8"><title>${esc(article.title)}</title><meta property="og:site_name" content="${esc(article.outlet)}"><meta property="article:published_time" content="${article.published}T08:00:00Z"></head><body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header><main><article><h1>${esc(article.title)}</h1>${article.text
    .split('\n\n')
    .map((p) => `<p>${esc(p)}</p>`)
    .join('')}</article></main><footer><a href="/about">About</a></footer></body></html>`;
}

/** The page both library benchmarks (Node and Chromium) ask a sidebar payload for: on the corridor and the drones. */
export const PAGE_IDS = ['person:sergey-lavrov', 'person:abbas-araghchi', 'place:north-south-transport-corridor', 'weapon:shahed-136', 'country:russia', 'country:iran', 'place:tehran', 'place:moscow'];

/** The rest of that page's description, as the sidebar frame sends it; `i` makes it a page the ranking has not seen. */
export const payloadPage = (i: number): { pageDate: string; page: { title: string; text: string } } => ({
  pageDate: '2026-01-01',
  page: { title: `Corridor and drones ${i}`, text: 'Lavrov and Araghchi on the corridor and the drones.' },
});
