/**
 * Settings: one validated schema with versioned migrations. A missing, corrupted or future-version object falls
 * back to defaults field by field, keeping whatever it can still read (the per-site lists above all).
 */
import { DEFAULT_DENSITY, DENSITIES, type Density } from './highlight/density';
import { ENTITY_TYPES, type EntityType } from './match/types';

export const SETTINGS_VERSION = 2;
export const SETTINGS_KEY = 'settings';

export type SiteRule = 'never' | 'always';

/** How mentions are painted (lib/dom/highlights.ts): a tinted background or a coloured underline. */
export type HighlightStyle = 'background' | 'underline';

export interface Settings {
  version: typeof SETTINGS_VERSION;
  enabled: boolean;
  sites: Record<string, SiteRule>;
  types: EntityType[];
  autoOpen: boolean;
  /** Add every on-topic page to the reader's library by itself (off by default). */
  libraryAuto: boolean;
  highlightStyle: HighlightStyle;
  /** Which mentions are painted (lib/highlight/density.ts); since version 2. */
  density: Density;
  /** Whether the reader last left the sidebar open on a site. */
  sidebarOpen: Record<string, boolean>;
}

export function defaultSettings(): Settings {
  return { version: SETTINGS_VERSION, enabled: true, sites: {}, types: [...ENTITY_TYPES], autoOpen: false, libraryAuto: false, highlightStyle: 'background', density: DEFAULT_DENSITY, sidebarOpen: {} };
}

const HOST = /^[a-z0-9.-]{1,253}(:\d{1,5})?$/;

function readSites(v: unknown): Record<string, SiteRule> {
  const out: Record<string, SiteRule> = {};
  if (typeof v !== 'object' || v === null) return out;
  for (const [host, rule] of Object.entries(v)) {
    if (HOST.test(host) && (rule === 'never' || rule === 'always')) out[host] = rule;
  }
  return out;
}

function readBoolMap(v: unknown): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  if (typeof v !== 'object' || v === null) return out;
  for (const [host, b] of Object.entries(v)) if (HOST.test(host) && typeof b === 'boolean') out[host] = b;
  return out;
}

/** Migrations from older versions, by the version they start from. */
const MIGRATIONS: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {
  // Version 0 (pre-release) kept "never" hosts as a list.
  0: (old) => ({ ...old, sites: Object.fromEntries(((old.disabledSites as unknown[]) ?? []).filter((h): h is string => typeof h === 'string').map((h) => [h, 'never'])) }),
  // Version 1 painted every mention and had no density: painting everything was never the reader's choice, so
  // every reader gets the calm default.
  1: (old) => ({ ...old, density: DEFAULT_DENSITY }),
};

/** Reads anything found in storage into valid settings. Never throws. */
export function parseSettings(raw: unknown): Settings {
  const d = defaultSettings();
  if (typeof raw !== 'object' || raw === null) return d;
  let obj = raw as Record<string, unknown>;
  let version = typeof obj.version === 'number' ? obj.version : 0;
  while (version < SETTINGS_VERSION && MIGRATIONS[version]) {
    obj = MIGRATIONS[version]!(obj);
    version++;
  }
  return {
    version: SETTINGS_VERSION,
    enabled: typeof obj.enabled === 'boolean' ? obj.enabled : d.enabled,
    sites: readSites(obj.sites),
    types: Array.isArray(obj.types) ? ENTITY_TYPES.filter((t) => (obj.types as unknown[]).includes(t)) : d.types,
    autoOpen: typeof obj.autoOpen === 'boolean' ? obj.autoOpen : d.autoOpen,
    libraryAuto: typeof obj.libraryAuto === 'boolean' ? obj.libraryAuto : d.libraryAuto,
    highlightStyle: obj.highlightStyle === 'underline' || obj.highlightStyle === 'background' ? obj.highlightStyle : d.highlightStyle,
    density: (DENSITIES as readonly unknown[]).includes(obj.density) ? (obj.density as Density) : d.density,
    sidebarOpen: readBoolMap(obj.sidebarOpen),
  };
}

/** Whether Backstory may act on `host` under these settings. */
export function activeOn(s: Settings, host: string): boolean {
  const rule = s.sites[host];
  if (rule === 'never') return false;
  if (rule === 'always') return true;
  return s.enabled;
}

/** The host a site rule is kept under for a page URL (`example.com`, `127.0.0.1:8080`), or null for non-web URLs. */
export function siteOf(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const host = u.host.toLowerCase();
  return HOST.test(host) ? host : null;
}

/** The settings with `host`'s rule set to `rule`, or removed when `rule` is null. */
export function withSiteRule(s: Settings, host: string, rule: SiteRule | null): Settings {
  const sites = { ...s.sites };
  if (rule) sites[host] = rule;
  else delete sites[host];
  return { ...s, sites };
}
