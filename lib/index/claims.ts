import type { MatcherTable } from '../match/types';
import type { AnalysedDoc } from './build';
import type { IndexClaim } from './types';

/** Attributed claims across the corpus. (Filled in by the claims work of the index issue.) */
export function extractClaims(_docs: AnalysedDoc[], _table: MatcherTable): IndexClaim[] {
  return [];
}
