/**
 * The floor of `pageScan.firstScanFloor`: walk the body's text nodes and read them, timed from the bundle's first
 * line (`__bsT0`, a banner) in a freshly loaded page, exactly as bench/lib/first-scan-entry.ts is.
 */
declare const __bsT0: number;

const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
let chars = 0;
for (let n = walker.nextNode(); n; n = walker.nextNode()) chars += (n as Text).data.length;
(window as unknown as { __bsFirst: Promise<{ ms: number; chars: number }> }).__bsFirst = Promise.resolve({ ms: performance.now() - __bsT0, chars });
