/**
 * The page script of the cold path (bench/lib/first-scan-entry.ts): what entrypoints/page.content.ts does once
 * injected and its settings have arrived: load the precompiled matcher and run the page (lib/content/run.ts:
 * collect, side check, match, gate, and on topic highlights and the tab). `window.__bsPageDecision` resolves with
 * the decision, once the highlights are registered.
 */
import tableJson from '../../data/matcher-packed.json';
import sidesJson from '../../data/sides.json';
import { runOnPage } from '../../lib/content/run';
import type { PackedTable } from '../../lib/match/packed';
import type { SidePatterns } from '../../lib/match/sides';
import type { EntityType } from '../../lib/match/types';
import type { Send } from '../../lib/messages';

const send = ((req: { type: string }) => (req.type === 'report' ? Promise.resolve(null) : new Promise(() => {}))) as unknown as Send;
const running = runOnPage({
  doc: document,
  table: tableJson as unknown as PackedTable,
  sides: sidesJson as SidePatterns,
  // Injected where the quick reject passed, as the page script is (lib/platform/content.ts).
  sidesPassed: true,
  send,
  frameUrl: () => 'about:blank',
  highlightStyle: 'background',
  density: 'story',
  enabledTypes: new Set<EntityType>(['person', 'organisation', 'country', 'place', 'weapon', 'agreement', 'event']),
  sidebarOpen: false,
  site: { host: location.host, rule: null, set: () => {} },
  onSidebarOpenChange: () => {},
});
(window as unknown as { __bsPageDecision: Promise<boolean> }).__bsPageDecision = running.ready.then(() => {
  const onTopic = running.decision()?.onTopic ?? false;
  running.teardown();
  return onTopic;
});
