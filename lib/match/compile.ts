import { normalize } from '../text/normalize';
import {
  ENTITY_TYPES,
  FLAG_CASE_SENSITIVE,
  FLAG_DEMONYM,
  type Gazetteer,
  type GazetteerEntity,
  type MatcherTable,
  type TableEntity,
} from './types';

/** An acronym (IRGC, UN, NATO) is matched case-sensitively so that "un" in French or "nato" in Italian is no hit. */
export function isAcronym(alias: string): boolean {
  const letters = alias.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && letters.length <= 6 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/** Thrown for a gazetteer that cannot be compiled; the message names the entity and the problem. */
export class GazetteerError extends Error {}

/**
 * Compiles the curated gazetteer into the matcher table. Deterministic: entities keep the gazetteer's order,
 * aliases are sorted. Two entities claiming the same folded alias is an error, not a silent choice.
 */
export function compileTable(gaz: Gazetteer): MatcherTable {
  if (!gaz || gaz.version !== 1 || !Array.isArray(gaz.entities)) {
    throw new GazetteerError('gazetteer: expected {"version": 1, "entities": [...]}');
  }
  const owner = new Map<string, { entity: number; flags: number; original: string }>();
  const ids = new Set<string>();
  gaz.entities.forEach((e, index) => {
    if (!e.id || ids.has(e.id)) throw new GazetteerError(`gazetteer: entity #${index} has a missing or duplicate id "${e.id}"`);
    ids.add(e.id);
    if (!(ENTITY_TYPES as readonly string[]).includes(e.type)) {
      throw new GazetteerError(`gazetteer: entity ${e.id} has unknown type "${e.type}"`);
    }
    const forms: Array<[string, number]> = [
      [e.name, 0],
      ...e.aliases.map((a): [string, number] => [a, 0]),
      ...(e.demonyms ?? []).map((a): [string, number] => [a, FLAG_DEMONYM]),
    ];
    for (const [lang, shown] of Object.entries(e.names ?? {})) {
      if (shown !== e.name && !e.aliases.includes(shown ?? '')) throw new GazetteerError(`gazetteer: entity ${e.id} has a display name for "${lang}", "${shown}", that is not one of its aliases`);
    }
    for (const [form, kind] of forms) {
      const folded = normalize(form);
      if (!folded) throw new GazetteerError(`gazetteer: entity ${e.id} has an empty alias`);
      const flags = kind | (isAcronym(form) ? FLAG_CASE_SENSITIVE : 0);
      const key = flags & FLAG_CASE_SENSITIVE ? `${folded}\u0000${form}` : folded;
      const prev = owner.get(key);
      if (prev && prev.entity !== index) {
        throw new GazetteerError(
          `gazetteer: alias "${form}" of ${e.id} is already an alias of ${gaz.entities[prev.entity]!.id}`,
        );
      }
      if (!prev || (prev.flags & FLAG_DEMONYM && !(flags & FLAG_DEMONYM))) owner.set(key, { entity: index, flags, original: form });
    }
  });
  const aliases: MatcherTable['aliases'] = [...owner.entries()]
    .map(([key, v]) => {
      const folded = key.split('\u0000')[0]!;
      return v.flags & FLAG_CASE_SENSITIVE
        ? ([folded, v.entity, v.flags, v.original] as [string, number, number, string])
        : ([folded, v.entity, v.flags] as [string, number, number]);
    })
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  return {
    version: 1,
    entities: gaz.entities.map(tableEntity),
    aliases,
  };
}

/** The entity facts the content script needs; the optional flags only when set, so the table stays small. */
function tableEntity(e: GazetteerEntity): TableEntity {
  const out: TableEntity = { id: e.id, name: e.name, type: e.type, side: e.side, specific: e.specific };
  if (e.names && Object.keys(e.names).length) out.names = e.names;
  if (e.common) out.common = true;
  if (e.outlet) out.outlet = true;
  return out;
}
