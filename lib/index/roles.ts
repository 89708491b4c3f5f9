import type { MatcherTable } from '../match/types';
import type { AnalysedDoc } from './build';
import type { IndexRole } from './types';

/** Roles as the seeds state them, with evidence. (Filled in by the index issue.) */
export function extractRoles(_docs: AnalysedDoc[], _table: MatcherTable): Map<string, IndexRole[]> {
  return new Map();
}
