/**
 * The colours every Backstory surface shares, and the few styles of what Backstory puts on a web page: the tab and
 * the hover card in the host's shadow root, and the sidebar's frame. The sidebar's own styles live in its frame
 * (lib/ui/styles.ts), so the content script carries only these.
 */
export const THEME_CSS = `
:host, .bs-root {
  --bs-bg: #ffffff; --bs-fg: #1b1d21; --bs-muted: #555b66; --bs-line: #d9dce1; --bs-accent: #0b57d0;
  --bs-chip: #eef1f5; --bs-assert: #0a7a3d; --bs-deny: #b3261e; --bs-dispute: #8a5300; --bs-focus: #0b57d0;
  --bs-mark: rgba(255, 196, 0, .45);
  all: initial; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--bs-fg);
}
@media (prefers-color-scheme: dark) {
  :host, .bs-root {
    --bs-bg: #1e1f23; --bs-fg: #e8eaed; --bs-muted: #b4b8bf; --bs-line: #3c4048; --bs-accent: #8ab4f8;
    --bs-chip: #2c2f35; --bs-assert: #6dd58c; --bs-deny: #f2b8b5; --bs-dispute: #ffb95c; --bs-focus: #8ab4f8;
    --bs-mark: #4d3b00;
  }
}
* { box-sizing: border-box; }
:focus-visible { outline: 2px solid var(--bs-focus); outline-offset: 2px; }
.bs-meta { color: var(--bs-muted); font-size: 12px; }
.bs-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/** The host's shadow root: the tab with the count and the hover card. */
export const PAGE_CSS = `${THEME_CSS}
/* The host takes no room in the page: a box of no size at the top left, its content fixed to the screen. Shown as a
   manual popover (lib/ui/shadow.ts), it sits in the top layer, and until then the browser's own rule hides it. */
:host {
  position: fixed !important; inset: 0 auto auto 0 !important; width: 0 !important; height: 0 !important;
  margin: 0 !important; padding: 0 !important; border: 0 !important; overflow: visible !important;
  background: none !important; display: block !important;
}
:host([popover]:not(:popover-open)) { display: none !important; }
.bs-tab {
  position: fixed; right: 0; bottom: 96px; z-index: 2147483646; display: flex; align-items: center; gap: 6px;
  padding: 8px 10px; border: 1px solid var(--bs-line); border-right: none; border-radius: 8px 0 0 8px;
  background: var(--bs-bg); color: var(--bs-fg); font: inherit; cursor: pointer; box-shadow: 0 2px 8px rgba(0,0,0,.18);
}
.bs-tab[hidden] { display: none; }
.bs-tab .bs-count { background: var(--bs-accent); color: var(--bs-bg); border-radius: 10px; padding: 0 7px; font-weight: 600; }
.bs-card .bs-role { margin-top: 2px; }
.bs-card .bs-little { font-style: italic; }
.bs-card { position: fixed; z-index: 2147483647; max-width: 300px; padding: 8px 10px; background: var(--bs-bg); color: var(--bs-fg); border: 1px solid var(--bs-line); border-radius: 8px; box-shadow: 0 4px 14px rgba(0,0,0,.22); pointer-events: none; }
`;

/** The closed shadow root around the sidebar's frame: a fixed column at the right edge, 40% of the window, 280 to 400 px. */
export const FRAME_CSS = `
:host { all: initial; position: static !important; display: block !important; }
iframe {
  position: fixed; top: 0; right: 0; bottom: 0; height: 100vh; width: clamp(min(280px, 92vw), 40vw, 400px); margin: 0; padding: 0;
  border: none; z-index: 2147483647; background: transparent; color-scheme: light dark; visibility: visible; display: block;
}
`;
