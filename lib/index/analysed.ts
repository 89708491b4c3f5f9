/** What the index build hands its later stages (claims, events, roles, context) for each document. */
import type { Mention } from '../match/types';
import type { IndexDocument } from './types';

/** A document with what later stages need: its mentions. */
export interface AnalysedDoc {
  doc: IndexDocument;
  mentions: Mention[];
}
