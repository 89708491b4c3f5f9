// npm run golden:write — regenerates tests/golden/seeds.golden.json from the current build.
import { writeFileSync } from 'node:fs';
import { buildSeeds, golden, GOLDEN } from './project';

writeFileSync(GOLDEN, `${JSON.stringify(golden(buildSeeds()), null, 2)}\n`);
process.stdout.write(`golden: wrote ${GOLDEN}\n`);
