/** Cue words shared by the event and claim extractors (English and German). */

/** Verbs and phrases that report a statement. Group 1 is the cue. */
export const SPEECH =
  /\b((?:is|are|was|were) (?:also )?said to|said|says|say|told|tells|warned|warns|warnings|denied|denies|deny|confirmed|confirms|stated|states|urged|informed|added|claimed|claims|accused|wrote|writes|described|defined|(?<!so-)called|revealed|reported(?! by)|assured|insisted|noted|kept in mind|signaled|signalled|endorsed|according to|reportedly|allegedly|apparently|reject|rejects|rejected|sagte|sagt|erklärte|erklärt|betonte|laut|behauptete|behauptet|zurückgewiesen|bestritten|bestreitet|zitierte|versprach|beschrieb|fügte hinzu|schlug alarm|warnte)\b/giu;

/** Quoted stretches of a sentence (“…”, „…“, «…», "…", ‘…’ as quotes of several words). */
export function quoteRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = /“[^”“]*”|„[^“”]*[“”]|«[^»]*»|"[^"]*"|‘[^’]{12,}’/gu;
  for (const m of text.matchAll(re)) out.push([m.index, m.index + m[0].length]);
  // An opening quote never closed in the sentence runs to its end.
  const open = text.search(/[“„«](?![^“”„«»]*[”“»])/u);
  if (open >= 0 && !out.some(([a, b]) => open >= a && open < b)) out.push([open, text.length]);
  return out.sort((a, b) => a[0] - b[0]);
}

export function inRanges(at: number, ranges: Array<[number, number]>): boolean {
  return ranges.some(([a, b]) => at >= a && at < b);
}

export interface Cue {
  at: number;
  end: number;
  word: string;
}

/** Speech cues outside quotations. */
export function speechCues(text: string): Cue[] {
  const quotes = quoteRanges(text);
  const out: Cue[] = [];
  for (const m of text.matchAll(SPEECH)) {
    if (inRanges(m.index, quotes)) continue;
    // "United States", "Reports" in a name: a capitalised cue inside a sentence is not the verb (but "Laut X" is).
    if (m.index > 0 && /^\p{Lu}/u.test(m[0]) && !/^laut$/i.test(m[0])) continue;
    out.push({ at: m.index, end: m.index + m[0].length, word: m[0].toLowerCase() });
  }
  return out;
}
