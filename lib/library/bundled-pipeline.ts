/**
 * The pipeline set up from the data the extension ships (gazetteer, matcher table, propositions, cue lexicons):
 * the same inputs `npm run index` built the bundled index from. Set up once where the library's worker runs.
 */
import gazetteer from '../../data/gazetteer.json';
import table from '../../data/matcher.json';
import topics from '../../data/topics.json';
import de from '../../data/lexicon/de.json';
import en from '../../data/lexicon/en.json';
import es from '../../data/lexicon/es.json';
import fa from '../../data/lexicon/fa.json';
import fr from '../../data/lexicon/fr.json';
import ru from '../../data/lexicon/ru.json';
import { parseTopics } from '../index/build';
import { pipeline, type Pipeline } from '../index/document';
import type { Gazetteer, MatcherTable } from '../match/types';

export function bundledPipeline(): Pipeline {
  const lexicons = Object.fromEntries(Object.entries({ de, en, es, fa, fr, ru }).map(([lang, lex]) => [`${lang}.json`, JSON.stringify(lex)]));
  return pipeline(gazetteer as unknown as Gazetteer, table as unknown as MatcherTable, parseTopics(JSON.stringify(topics)), lexicons);
}
