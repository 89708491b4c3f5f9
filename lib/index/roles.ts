/**
 * Roles as the seeds state them, each with its evidence sentence: "Kremlin spokesman Dmitry Peskov",
 * "Iran's hardline President Ebrahim Raisi", "Burcu Ozcelik, senior research fellow ... RUSI",
 * "Der Chef des israelischen Geheimdienstes Mossad, David Barnea".
 */
import { normalize } from '../text/normalize';
import type { MatcherTable } from '../match/types';
import type { AnalysedDoc } from './analysed';
import { sentenceContexts } from './context';
import type { IndexRole } from './types';

const ROLE_NOUN =
  /\b(president|präsident\w*|spokes(man|woman|person)|press secretary|secretary|advis[eo]r|minister|verteidigungsminister\w*|au(ß|ss)enminister\w*|amtskolleg\w*|head|chief|chef|generalstabschef|leader|ruler|member|fellow|research|assistant|propagandist|ayatollah|chairman|director|commander|general|sprecher|berater|official|counterpart|equivalent)\b/iu;
/** Lower-case words that belong to a role title before a name. */
const ROLE_WORD = /^(hardline|former|supreme|foreign|affairs|state|tv|security|national|press|defen[cs]e|senior|deputy|prime|vice|chief|spokesman|spokesperson|spokeswoman|propagandist|adviser|advisor|minister|president|leader|ruler|secretary|head|russische[nr]?|iranische[nr]?|israelische[nr]?|türkische[nr]?|amerikanische[nr]?|ehemalige[nr]?)$/iu;
const ARTICLE = /^(the|a|an|der|die|das|dem|den|des|seinem|seinen|seiner|ihrem|ihren)$/iu;

function tokensBefore(text: string): Array<{ word: string; at: number }> {
  const out: Array<{ word: string; at: number }> = [];
  for (const m of text.matchAll(/[\p{L}\p{N}’'.-]+/gu)) out.push({ word: m[0], at: m.index });
  return out;
}

/** "Russian President", "Kremlin spokesman", "Iran’s hardline President" right before a name. */
function titleBefore(sentence: string, at: number): { text: string; start: number } | null {
  const clauseStart = Math.max(0, ...[...sentence.slice(0, at).matchAll(/[,;:(“„"–]/gu)].map((m) => m.index + 1));
  const tokens = tokensBefore(sentence.slice(clauseStart, at));
  let i = tokens.length;
  while (i > 0) {
    const w = tokens[i - 1]!.word;
    if (/^\p{Lu}/u.test(w) || ROLE_WORD.test(w) || /[’']s$/u.test(w)) i--;
    else break;
  }
  // Drop leading articles and sentence-initial words that are not part of the title ("The", "Mr").
  while (i < tokens.length && (ARTICLE.test(tokens[i]!.word) || /^(mr|mrs|ms|dr)\.?$/iu.test(tokens[i]!.word))) i++;
  const run = tokens.slice(i);
  if (!run.length) return null;
  const text = sentence.slice(clauseStart + run[0]!.at, at).trim();
  if (!ROLE_NOUN.test(text) || /^(mr|mrs|ms)\b/iu.test(text)) return null;
  return { text, start: clauseStart + run[0]!.at };
}

/** "Andrey Kortunov, head of the Russian International Affairs Council," after a name. */
function appositionAfter(sentence: string, end: number): string | null {
  const m = /^,\s*((?:the |a |an )?[^,.;“„"]{3,160}?)(?=,|\.|;|$)/u.exec(sentence.slice(end));
  if (!m) return null;
  const text = m[1]!.replace(/^(the|a|an)\s+/iu, '').trim();
  const words = text.split(/\s+/).length;
  if (words > 22 || !ROLE_NOUN.test(text.split(/\s+/).slice(0, 3).join(' '))) return null;
  return text;
}

/** "Der Chef des israelischen Geheimdienstes Mossad, David Barnea": a role, a comma, the name. */
function appositionBefore(sentence: string, at: number): string | null {
  const before = sentence.slice(0, at);
  if (!/,\s*$/u.test(before)) return null;
  const clause = before.replace(/,\s*$/u, '');
  const start = Math.max(0, ...[...clause.matchAll(/[,;:(“„"]|\b(?:and|und|with|mit)\b/giu)].map((m) => m.index + m[0].length));
  const words = clause.slice(start).trim().split(/\s+/).slice(-8);
  const k = words.findIndex((w) => ROLE_NOUN.test(w));
  if (k < 0) return null;
  const from = words.slice(0, k).findIndex((w, i) => i >= k - 2 && !/^(his|her|its|their|sein\w*|ihr\w*|the|der|die|dem|den|des|a|an)$/iu.test(w));
  return words.slice(from >= 0 ? from : k).join(' ');
}

export function extractRoles(docs: AnalysedDoc[], table: MatcherTable): Map<string, IndexRole[]> {
  const roles = new Map<string, IndexRole[]>();
  for (const a of docs) {
    for (const s of sentenceContexts(a)) {
      for (const m of s.mentions) {
        const e = table.entities[m.entity]!;
        if (e.type !== 'person') continue;
        const at = m.start - s.start;
        const found = [titleBefore(s.text, at)?.text, appositionAfter(s.text, m.end - s.start), appositionBefore(s.text, at)].filter((x): x is string => !!x);
        for (const text of found) add(roles, e.id, { text, docId: a.doc.id, quote: s.text, start: s.start, end: s.end });
      }
    }
  }
  return roles;
}

function add(roles: Map<string, IndexRole[]>, id: string, role: IndexRole): void {
  const list = roles.get(id) ?? [];
  const key = normalize(role.text).replace(/[’']s\b/gu, '');
  if (!list.some((r) => normalize(r.text).replace(/[’']s\b/gu, '') === key)) list.push(role);
  roles.set(id, list);
}

