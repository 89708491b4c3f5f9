import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BackstoryService } from '../../../lib/background/service';
import { claimCitation, eventCitation, formatCitation } from '../../../lib/cite/cite';
import type { MatcherTable } from '../../../lib/match/types';
import type { SerializedSearch } from '../../../lib/search/options';
import { quotedAt } from '../../../lib/ui/reader';
import { committedIndex, ROOT, useLocale } from '../helpers';

const load = <T>(f: string): T => JSON.parse(readFileSync(join(ROOT, 'data', f), 'utf8')) as T;
const index = committedIndex();
const service = new BackstoryService(index, load<SerializedSearch>('search.json'), load<MatcherTable>('matcher.json'));

describe('citing the reader\'s passage', () => {
  test('the document reply carries what is quoted from it; the claim at the passage is found and cited', () => {
    useLocale('en');
    const claim = index.claims.find((c) => !index.events.some((ev) => ev.sources.some((s) => s.docId === c.docId && s.start === c.start && s.end === c.end)))!;
    const reply = service.document(claim.docId)!;
    expect(reply.summary).toEqual({ id: claim.docId, title: expect.any(String), outlet: expect.toSatisfy((v) => v === null || typeof v === 'string'), date: expect.anything(), lang: expect.any(String), url: null });
    expect(reply.quoted!.claims.every((c) => c.docId === claim.docId)).toBe(true);
    expect(reply.quoted!.events.every((ev) => ev.sources.some((s) => s.docId === claim.docId))).toBe(true);
    const at = quotedAt(reply, { start: claim.start, end: claim.end });
    expect(at.claims.map((c) => c.id)).toContain(claim.id);
    expect(at.events).toEqual([]);
    const text = formatCitation(claimCitation(at.claims[0]!, { [claim.docId]: reply.summary! }), 'text');
    expect(text).toContain(`“${at.claims[0]!.quote}”`);
    expect(text).toContain(`“${reply.summary!.title}”`);
  });

  test('an event is found by its source in this document, at another document it is not', () => {
    const ev = index.events.find((e) => e.sources.length > 1) ?? index.events[0]!;
    const src = ev.sources[ev.sources.length - 1]!;
    const reply = service.document(src.docId)!;
    expect(quotedAt(reply, { start: src.start, end: src.end }).events).toContainEqual({ ev, source: src });
    expect(formatCitation(eventCitation(ev, src, { [src.docId]: reply.summary! }), 'text')).toContain(`“${src.quote}”`);
    // No passage, or one where nothing is quoted: nothing to cite.
    expect(quotedAt(reply, null)).toEqual({ events: [], claims: [] });
    expect(quotedAt(reply, { start: 0, end: 1 })).toEqual({ events: [], claims: [] });
  });
});
