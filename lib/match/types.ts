/** Types shared by the gazetteer, the compiled matcher table and the matcher. */

export const ENTITY_TYPES = ['person', 'organisation', 'country', 'place', 'weapon', 'agreement', 'event'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];
export type Side = 'russia' | 'iran' | 'other';

/** One curated entity, as written in data/gazetteer.json. */
export interface GazetteerEntity {
  id: string;
  name: string;
  type: EntityType;
  side: Side;
  /** A strong signal of the Russia–Iran story (Shahed drones, the partnership treaty, ...). */
  specific: boolean;
  inSeeds: boolean;
  /** Metonyms acting as a government: Moscow, the Kremlin → country:russia. */
  actsFor?: string;
  description: { en: string; de: string };
  aliases: string[];
  demonyms?: string[];
}

/** An office and who held it when ("the Iranian president" in 2022 is Ebrahim Raisi). */
export interface GazetteerOffice {
  id: string;
  /** The state the office belongs to (an entity id). */
  state: string;
  /** How texts name the office, per language, without an article ("Iranian president", "président iranien"). */
  titles: Record<string, string[]>;
  /** Holders in order; `to` absent while in office. Dates are YYYY, YYYY-MM or YYYY-MM-DD. */
  holders: Array<{ entity: string; from: string; to?: string }>;
}

export interface Gazetteer {
  version: 1;
  entities: GazetteerEntity[];
  offices?: GazetteerOffice[];
}

/** The entity facts the content script needs (no descriptions or events: those stay in the background). */
export interface TableEntity {
  id: string;
  name: string;
  type: EntityType;
  side: Side;
  specific: boolean;
}

/** Alias flags in the compiled table. */
export const FLAG_CASE_SENSITIVE = 1;
export const FLAG_DEMONYM = 2;

/**
 * The compact matcher table shipped to the content script: entities and their folded aliases.
 * `aliases[i]` is `[folded alias, entity index, flags, original spelling when case-sensitive]`.
 */
export interface MatcherTable {
  version: 1;
  entities: TableEntity[];
  aliases: Array<[string, number, number] | [string, number, number, string]>;
}

/** One match in a text: `[start, end)` are UTF-16 offsets into the original (unnormalised) text. */
export interface Mention {
  entity: number;
  start: number;
  end: number;
  /** True when the matched form is a demonym or adjective (Iranian, russische) rather than a name. */
  demonym: boolean;
}
