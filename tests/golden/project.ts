/**
 * The golden view of the index: what a reviewer reads to judge the index built from seeds/. Regenerate with
 * `npm run golden:write` after an intended change, then read the diff.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readGazetteer, readLexicons, readSeeds, readText } from '../../lib/cli/index-cmd';
import { buildIndex, type BuildOutput } from '../../lib/index/build';
import { clean } from '../../lib/index/clean';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const GOLDEN = join(ROOT, 'tests/golden/seeds.golden.json');

export function buildSeeds(): BuildOutput {
  return buildIndex({
    ...readSeeds(join(ROOT, 'seeds')),
    gazetteer: readGazetteer(join(ROOT, 'data/gazetteer.json')),
    topics: readText(join(ROOT, 'data/topics.json'), 'topics'),
    lexicons: readLexicons(join(ROOT, 'data/lexicon')),
  });
}

export function golden(built: BuildOutput): unknown {
  const { index } = built;
  const name = new Map(index.entities.map((e) => [e.id, e.name]));
  const meta = JSON.parse(readFileSync(join(ROOT, 'seeds/metadata.json'), 'utf8')) as { articles: Array<{ file: string; title: string }> };
  return {
    counts: { documents: index.documents.length, entities: index.entities.length, events: index.events.length, claims: index.claims.length },
    documents: index.documents.map((d) => ({
      id: d.id,
      title: d.title,
      lang: d.lang,
      date: d.date ? `${d.date.value} (${d.date.basis})` : null,
      outlet: d.outlet,
      author: d.author,
      sentences: d.sentences.length,
      captions: d.captions.map((c) => d.text.slice(c.start, c.end)),
      removed: clean(readFileSync(join(ROOT, 'seeds', d.file), 'utf8'), meta.articles.find((a) => a.file === d.file)!.title).removed.map((r) => `[${r.reason}] ${r.line}`),
    })),
    events: index.events.map((e) => ({
      id: e.id,
      date: `${e.date.value} (${e.date.basis}, ${e.precision})`,
      summary: e.summary,
      entities: e.entityIds.map((id) => name.get(id)),
      sources: e.sources.map((s) => `${s.docId}: ${s.quote}`),
    })),
    claims: index.claims.map((c) => ({
      id: c.id,
      claimant: c.claimant.entityId ? `${c.claimant.text} [${c.claimant.entityId}]` : c.claimant.entityIds ? `${c.claimant.text} [${c.claimant.entityIds.join(' + ')}]` : c.claimant.text,
      stance: c.stance,
      statement: c.statement,
      topic: c.topic,
      date: c.date ? `${c.date.value} (${c.date.basis})` : null,
      quote: c.quote,
    })),
    roles: Object.fromEntries(index.entities.filter((e) => e.roles.length).map((e) => [e.id, e.roles.map((r) => r.text)])),
  };
}
