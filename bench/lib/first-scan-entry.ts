/**
 * The page-scan benchmark's cold path (`pageScan.firstScan`): bundled by bench/page-scan.ts with a banner that
 * reads the clock as the bundle's first statement (`__bsT0`), evaluated once in a freshly loaded page. It does what
 * the content script does once its settings have arrived: load the precompiled matcher and run the page
 * (lib/content/run.ts: collect, match, quick reject or gate, and on topic highlights and sidebar), and records the
 * time from the first line to the decision in `window.__bsFirst`. The floor (`bench/lib/floor-entry.ts`) is
 * measured the same way.
 */
import tableJson from '../../data/matcher-packed.json';
import sidesJson from '../../data/sides.json';
import { runOnPage } from '../../lib/content/run';
import type { PackedTable } from '../../lib/match/packed';
import type { SidePatterns } from '../../lib/match/sides';
import type { EntityType } from '../../lib/match/types';
import type { Send } from '../../lib/messages';

declare const __bsT0: number;

const send = ((req: { type: string }) => (req.type === 'report' ? Promise.resolve(null) : new Promise(() => {}))) as unknown as Send;
const running = runOnPage({
  doc: document,
  table: tableJson as unknown as PackedTable,
  sides: sidesJson as SidePatterns,
  send,
  frameUrl: () => 'about:blank',
  highlightStyle: 'background',
  density: 'story',
  enabledTypes: new Set<EntityType>(['person', 'organisation', 'country', 'place', 'weapon', 'agreement', 'event']),
  sidebarOpen: false,
  site: { host: location.host, rule: null, set: () => {} },
  onSidebarOpenChange: () => {},
});
(window as unknown as { __bsFirst: Promise<{ ms: number; onTopic: boolean }> }).__bsFirst = running.ready.then(() => {
  const ms = performance.now() - __bsT0;
  const onTopic = running.decision()?.onTopic ?? false;
  running.teardown();
  return { ms, onTopic };
});
