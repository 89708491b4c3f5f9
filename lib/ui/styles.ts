/** Styles for Backstory's own UI (the sidebar frame, popup, reader, options). Light and dark. */
import { THEME_CSS } from './page-styles';

export const UI_CSS = `${THEME_CSS}
@keyframes bs-slide-in { from { transform: translateX(100%); opacity: .6; } to { transform: translateX(0); opacity: 1; } }
.bs-panel {
  position: fixed; top: 0; right: 0; bottom: 0; width: clamp(min(280px, 92vw), 40vw, 400px); z-index: 2147483647; display: flex;
  flex-direction: column; background: var(--bs-bg); color: var(--bs-fg); border-left: 1px solid var(--bs-line);
  box-shadow: -4px 0 16px rgba(0,0,0,.2); animation: bs-slide-in .18s ease-out;
}
/* In its frame (sidebar.html) the panel fills the frame, which the page side sizes (lib/ui/page-styles.ts). */
.bs-framed .bs-panel { width: 100%; box-shadow: none; }
@media (prefers-reduced-motion: reduce) { .bs-panel { animation: none; transition: none; } }
.bs-head { display: flex; align-items: center; gap: 8px; padding: 10px 12px; border-bottom: 1px solid var(--bs-line); }
.bs-head h2 { font-size: 16px; margin: 0; flex: 1; }
.bs-body { overflow: auto; padding: 8px 12px 24px; flex: 1; }
.bs-section h3 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--bs-muted); margin: 16px 0 6px; }
.bs-list { list-style: none; margin: 0; padding: 0; }
.bs-item { border-bottom: 1px solid var(--bs-line); padding: 8px 0; }
.bs-basis { border: 1px solid var(--bs-line); border-radius: 4px; padding: 0 4px; margin-left: 4px; font-size: 11px; }
.bs-quote { display: block; margin: 4px 0; padding-left: 8px; border-left: 3px solid var(--bs-line); color: var(--bs-fg); text-decoration: none; font-style: italic; }
.bs-quote:hover { border-left-color: var(--bs-accent); }
.bs-chips { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 4px; }
.bs-chip { background: var(--bs-chip); color: var(--bs-fg); border: 1px solid transparent; border-radius: 12px; padding: 1px 8px; font: inherit; font-size: 12px; cursor: pointer; }
.bs-chip[aria-pressed="true"] { border-color: var(--bs-accent); }
.bs-button { font: inherit; color: var(--bs-fg); background: var(--bs-chip); border: 1px solid var(--bs-line); border-radius: 6px; padding: 4px 8px; cursor: pointer; }
.bs-topic { font-weight: 600; margin-bottom: 6px; }
.bs-why { color: var(--bs-muted); font-size: 12px; font-style: italic; margin: 2px 0 4px; }
.bs-more { margin-top: 4px; }
.bs-more-row { display: flex; flex-wrap: wrap; gap: 8px; }
.bs-stances { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 6px; }
.bs-stance { border: 1px solid var(--bs-line); border-radius: 6px; padding: 6px 8px; }
.bs-stance-asserts, .bs-stance-confirms { border-left: 4px solid var(--bs-assert); }
.bs-stance-denies { border-left: 4px solid var(--bs-deny); }
.bs-stance-disputes { border-left: 4px solid var(--bs-dispute); }
.bs-stance-label { font-weight: 600; font-size: 12px; }
.bs-cite { display: flex; flex-wrap: wrap; align-items: center; gap: 4px; margin: 2px 0 4px; }
.bs-cite-button { font-size: 12px; padding: 1px 6px; }
.bs-cite-status { font-size: 12px; color: var(--bs-fg); }
.bs-cite-failed { flex-basis: 100%; }
.bs-reader-cite { border: 1px solid var(--bs-line); border-radius: 6px; padding: 4px 8px; margin: 8px 0; }
.bs-cite-area { width: 100%; box-sizing: border-box; font: inherit; font-size: 12px; background: var(--bs-bg); color: var(--bs-fg); border: 1px solid var(--bs-line); }
.bs-empty { color: var(--bs-muted); padding: 8px 0; }
.bs-error { color: var(--bs-deny); }
mark { background: var(--bs-mark); color: inherit; box-shadow: inset 0 -2px 0 rgba(255, 196, 0, .8); }
.bs-reader { max-width: 46rem; margin: 0 auto; padding: 16px 20px 48px; background: var(--bs-bg); }
.bs-reader h1 { font-size: 24px; line-height: 1.25; margin: 8px 0; }
.bs-article { white-space: pre-wrap; font-size: 16px; line-height: 1.65; }
.bs-cited { background: rgba(11, 87, 208, .13); color: inherit; box-shadow: 0 2px 0 var(--bs-accent); }
.bs-mention { all: unset; cursor: pointer; border-radius: 2px; }
.bs-mention:focus-visible { outline: 2px solid var(--bs-focus); }
.bs-reader-card { position: fixed; top: 0; right: 0; bottom: 0; width: min(400px, 92vw); overflow: auto; padding: 8px 12px 24px; background: var(--bs-bg); border-left: 1px solid var(--bs-line); box-shadow: -4px 0 16px rgba(0,0,0,.2); }
.bs-popup { width: 420px; max-height: 580px; padding: 10px 12px; background: var(--bs-bg); }
.bs-search { width: 100%; font: inherit; font-size: 15px; padding: 6px 8px; border: 1px solid var(--bs-line); border-radius: 6px; background: var(--bs-bg); color: var(--bs-fg); }
.bs-filters { display: flex; flex-wrap: wrap; gap: 4px 10px; margin: 6px 0; }
.bs-group { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--bs-muted); margin: 10px 0 4px; }
.bs-result { padding: 5px 6px; border-radius: 6px; cursor: pointer; }
.bs-result.bs-active { background: var(--bs-chip); outline: 1px solid var(--bs-accent); }
.bs-root { display: block; min-height: 100vh; margin: 0; background: var(--bs-bg); color-scheme: light dark; }
.bs-foot { border-top: 1px solid var(--bs-line); padding: 8px 12px; }
.bs-site { display: flex; flex-direction: column; gap: 4px; }
.bs-site-buttons { display: flex; flex-wrap: wrap; gap: 6px; }
.bs-toggle[aria-pressed="true"] { background: var(--bs-accent); color: var(--bs-bg); border-color: var(--bs-accent); font-weight: 600; }
.bs-popup-foot { display: flex; flex-direction: column; gap: 6px; margin-top: 12px; padding-top: 8px; border-top: 1px solid var(--bs-line); }
.bs-link { all: unset; color: var(--bs-accent); text-decoration: underline; cursor: pointer; align-self: flex-start; }
.bs-link.bs-field { display: block; padding: 3px 0; }
.bs-options { max-width: 40rem; margin: 0 auto; padding: 16px 20px 48px; background: var(--bs-bg); }
.bs-options h1 { font-size: 22px; margin: 8px 0 12px; }
.bs-options h2 { font-size: 16px; margin: 18px 0 6px; }
.bs-options fieldset { border: 1px solid var(--bs-line); border-radius: 6px; margin: 14px 0; padding: 6px 12px 10px; }
.bs-options legend { font-weight: 600; padding: 0 4px; }
.bs-site-row { display: flex; align-items: center; justify-content: space-between; gap: 8px; }
.bs-library-add { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; margin-bottom: 6px; }
.bs-library-mark { font-style: italic; }
.bs-library-tools, .bs-library-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 6px 0; }
.bs-file { position: relative; cursor: pointer; }
.bs-file input { position: absolute; inset: 0; opacity: 0; width: 100%; cursor: pointer; }
.bs-file:focus-within { outline: 2px solid currentColor; outline-offset: 2px; }
`;
