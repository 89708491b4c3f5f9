/**
 * The one way settings are read and written, shared by the options page, the popup, the reader and the content
 * script. Every read is parsed (validated, migrated); every write goes through `update` with a function of the
 * freshest stored value, so two writers (the sidebar remembering its state, the popup setting a site rule) do not
 * overwrite each other's changes. Platform-neutral: the storage area is injected (lib/platform/settings.ts).
 */
import { parseSettings, type Settings } from './settings';

/** Where the settings object lives: `browser.storage.local` in the extension, a Map in tests. */
export interface SettingsArea {
  read: () => Promise<unknown>;
  write: (value: Settings) => Promise<void>;
  /** Calls `cb` with the raw new value when the stored settings change (in any context); returns the undo. */
  listen: (cb: (raw: unknown) => void) => () => void;
}

export class SettingsStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly area: SettingsArea) {}

  /** The stored settings, parsed; defaults when missing or unreadable. */
  async get(): Promise<Settings> {
    try {
      return parseSettings(await this.area.read());
    } catch {
      return parseSettings(undefined);
    }
  }

  /**
   * Applies `change` to the freshest stored settings and writes the (validated) result. Updates from one context
   * run one after another.
   *
   * @example
   * await store.update((s) => withSiteRule(s, 'example.com', 'never'));
   */
  update(change: (s: Settings) => Settings): Promise<Settings> {
    const run = this.queue.then(async () => {
      const next = parseSettings(change(await this.get()));
      await this.area.write(next);
      return next;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Calls `cb` with the parsed settings whenever they change; returns the undo. */
  subscribe(cb: (s: Settings) => void): () => void {
    return this.area.listen((raw) => cb(parseSettings(raw)));
  }
}
