import type { BuildOutput } from '../index/build';
import { packTable } from '../match/packed';
import { sidePatterns } from '../match/sides';

/** The generated files and their exact bytes (deterministic: no timestamps, fixed key order). */
export function serializeOutputs(built: BuildOutput): Record<string, string> {
  return {
    'index.json': `${JSON.stringify(built.index, null, 1)}\n`,
    'search.json': `${JSON.stringify(built.search)}\n`,
    'matcher.json': `${JSON.stringify(built.table)}\n`,
    // The same table precompiled for the content script (lib/match/packed.ts).
    'matcher-packed.json': `${JSON.stringify(packTable(built.table))}\n`,
    // The quick reject's side patterns (lib/match/sides.ts).
    'sides.json': `${JSON.stringify(sidePatterns(built.table))}\n`,
    'rank.json': `${JSON.stringify(built.rank)}\n`,
  };
}
