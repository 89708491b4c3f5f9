/** The index contract (data/index.json, schemaVersion 1). See DESIGN.md: tools outside the project read it. */
import type { EntityType, Side } from '../match/types';

/**
 * How a date is known: `text` stated in full, `curated` set by hand in seeds/metadata.json, `inferred` resolved
 * against the article date, `partial` stated without a year in an article without a date (the value is then
 * `--MM-DD` or `--MM`: only what is stated), `borrowed` a date stated without a year whose year comes from another
 * source of the same event.
 */
export type DateBasis = 'text' | 'curated' | 'inferred' | 'partial' | 'borrowed';
export type Precision = 'day' | 'month' | 'year';

export interface IndexDate {
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: the precision is the length; `--MM-DD` or `--MM` only with basis `partial`. */
  value: string;
  basis: DateBasis;
}

export interface IndexDocument {
  id: string;
  file: string;
  title: string;
  lang: string;
  /** Null when the article states no date and none was curated. */
  date: IndexDate | null;
  outlet: string | null;
  author: string | null;
  /** The cleaned article body; every offset in the index refers to this text. */
  text: string;
  /** Offsets of photo captions kept in `text`, marked as captions. */
  captions: Array<{ start: number; end: number }>;
  /** Sentence boundaries in `text`. */
  sentences: Array<{ start: number; end: number }>;
  note: string | null;
  /**
   * Where the article is published: present only when known (a seed with a `url` in seeds/metadata.json, an article
   * folded in with `npm run index -- --library`). Read it through lib/cite's `documentUrl`.
   */
  url?: string;
}

export interface IndexRole {
  text: string;
  docId: string;
  quote: string;
  start: number;
  end: number;
}

export interface IndexEntity {
  id: string;
  name: string;
  type: EntityType;
  side: Side;
  specific: boolean;
  aliases: string[];
  description: { en: string; de: string };
  /** Display names by UI language where they differ from `name` (`{ de: 'Russland' }`); absent when none. */
  names?: Partial<Record<string, string>>;
  /** Set on very common names (painted calmly) and on news outlets. */
  common?: true;
  outlet?: true;
  roles: IndexRole[];
  /** Number of mentions across the corpus. */
  mentions: number;
  /** Earliest and latest document dates the entity is mentioned in. */
  firstSeen: string | null;
  lastSeen: string | null;
  /** Entities mentioned in the same sentences, most frequent first: [id, count]. */
  related: Array<[string, number]>;
}

export interface IndexSource {
  docId: string;
  quote: string;
  start: number;
  end: number;
}

export interface IndexEvent {
  id: string;
  date: IndexDate;
  precision: Precision;
  summary: string;
  kind: string;
  entityIds: string[];
  placeId: string | null;
  docId: string;
  quote: string;
  start: number;
  end: number;
  /** Every article that reports this happening, the first one being `docId` above. */
  sources: IndexSource[];
}

export type Stance = 'asserts' | 'denies' | 'disputes' | 'confirms';

export interface IndexClaim {
  id: string;
  /**
   * Who made the claim: `text` as written ("the Iranian president", "Moskau", "The 2 countries"), `entityId` the
   * entity it resolves to (the office holder at the time, the state a capital speaks for), `entityIds` when the
   * claimant is several entities ("the two countries": both states; then `entityId` is null).
   */
  claimant: { entityId: string | null; text: string; entityIds?: string[] };
  stance: Stance;
  statement: string;
  entityIds: string[];
  date: IndexDate | null;
  docId: string;
  quote: string;
  start: number;
  end: number;
  /** The proposition this claim is about (claims sharing it are related). */
  topic: string | null;
  relatedClaimIds: string[];
}

export interface BackstoryIndex {
  schemaVersion: 1;
  documents: IndexDocument[];
  entities: IndexEntity[];
  events: IndexEvent[];
  claims: IndexClaim[];
  /** The propositions claims are grouped by (`IndexClaim.topic`). */
  topics: Array<{ id: string; label: { en: string; de: string } }>;
}
