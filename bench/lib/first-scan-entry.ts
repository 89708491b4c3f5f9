/**
 * The page-scan benchmark's cold path (`pageScan.firstScan`): bundled by bench/page-scan.ts with a banner that
 * reads the clock as the bundle's first statement (`__bsT0`), evaluated once in a freshly loaded page. It does what
 * the content script every page runs does (lib/platform/quick.ts): the quick reject (lib/content/quick.ts: collect,
 * side check). A page it lets through gets the page script as the background would inject it: `__bsInject`
 * (bench/page-scan.ts, a round trip to the benchmark's process, which evaluates bench/lib/first-page-entry.ts:
 * settings arrived, precompiled matcher loaded, the run of lib/content/run.ts to its decision). The time from the
 * first line to the decision, everything on the way included, is recorded in `window.__bsFirst`. The floor
 * (`bench/lib/floor-entry.ts`) is measured the same way.
 */
import sidesJson from '../../data/sides.json';
import { runQuick } from '../../lib/content/quick';
import { SideCheck, type SidePatterns } from '../../lib/match/sides';

declare const __bsT0: number;

interface Decided {
  ms: number;
  onTopic: boolean;
  passed: boolean;
}
const w = window as unknown as { __bsFirst: Promise<Decided>; __bsInject: () => Promise<void>; __bsPageDecision?: Promise<boolean> };

w.__bsFirst = new Promise<Decided>((resolve, reject) => {
  const quick = runQuick({
    doc: document,
    check: new SideCheck(sidesJson as SidePatterns),
    onReject: () => {
      resolve({ ms: performance.now() - __bsT0, onTopic: false, passed: false });
      quick.undo();
    },
    onPass: () => {
      w.__bsInject()
        .then(() => w.__bsPageDecision!)
        .then((onTopic) => resolve({ ms: performance.now() - __bsT0, onTopic, passed: true }), reject);
    },
  });
});
