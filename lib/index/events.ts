import type { MatcherTable } from '../match/types';
import type { AnalysedDoc } from './build';
import type { IndexEvent } from './types';

/** Dated events reported in one document. (Filled in by the events work of the index issue.) */
export function extractEvents(_doc: AnalysedDoc, _table: MatcherTable): IndexEvent[] {
  return [];
}

/** One happening reported by several articles becomes one event with several sources. */
export function mergeEvents(events: IndexEvent[]): IndexEvent[] {
  return events;
}
