/**
 * The highlight colours ship with the content script: the build (wxt.config.ts hooks) writes every `::highlight`
 * rule into a stylesheet and the manifest injects it, from the start of the document, wherever the content script
 * runs. Nothing has to be adopted on the page later (adopting a stylesheet restyles the whole page).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { SEARCH_FILE } from '../../../lib/search/options';
import { ROOT } from '../helpers';
import config from '../../../wxt.config';
import { HIGHLIGHT_CSS_FILE, highlightCss, highlightName, QUIET, QUIET_FLAT } from '../../../lib/highlight/css';
import { ENTITY_TYPES } from '../../../lib/match/types';

type Hook = (wxt: unknown, arg: unknown) => unknown;
const hooks = (config as unknown as { hooks: Record<string, Hook> }).hooks;

describe('the highlight stylesheet in the build', () => {
  test('the manifest injects it at document start wherever the content script runs, in every frame', async () => {
    const script = { matches: ['http://*/*', 'https://*/*'], all_frames: true, run_at: 'document_idle', js: ['content-scripts/content.js'] };
    const manifest = { manifest_version: 3, name: 'x', version: '1', content_scripts: [script] };
    await hooks['build:manifestGenerated']!({}, manifest);
    expect(manifest.content_scripts).toEqual([script, { matches: script.matches, css: [HIGHLIGHT_CSS_FILE], all_frames: true, run_at: 'document_start' }]);
  });

  test('the file written is every rule, both styles and the quiet one', async () => {
    const files: Array<{ relativeDest: string; contents?: string }> = [];
    await hooks['build:publicAssets']!({}, files);
    const css = files.find((f) => f.relativeDest === HIGHLIGHT_CSS_FILE)?.contents;
    expect(css).toBe(highlightCss());
    for (const type of ENTITY_TYPES) {
      expect(css).toMatch(new RegExp(`::highlight\\(${highlightName(type, 'background')}\\) \\{ background-color: rgba`));
      expect(css).toMatch(new RegExp(`::highlight\\(${highlightName(type, 'underline')}\\) \\{ text-decoration: underline 2px`));
    }
    expect(css).toContain(`::highlight(${highlightName(QUIET, 'underline')}) { text-decoration: underline 1px dotted`);
    // A huge page's quiet style: a tint, no text decoration (lib/content/paint.ts).
    expect(css).toContain(`::highlight(${highlightName(QUIET_FLAT, 'underline')}) { background-color: rgba`);
    expect(highlightName(QUIET_FLAT, 'underline')).toBe(highlightName(QUIET_FLAT, 'background'));
  });

  test('the two styles have names of their own; the quiet one is shared', () => {
    expect(highlightName('person', 'background')).toBe('backstory-person');
    expect(highlightName('person', 'underline')).toBe('backstory-underline-person');
    expect(highlightName(QUIET, 'underline')).toBe(highlightName(QUIET, 'background'));
  });
});

describe('the search index in the build', () => {
  test('is written as a file of its own, copied from data/', async () => {
    const files: Array<{ relativeDest: string; absoluteSrc?: string; contents?: string }> = [];
    await hooks['build:publicAssets']!({}, files);
    const search = files.filter((f) => f.relativeDest === SEARCH_FILE);
    expect(search).toHaveLength(1);
    expect(search[0]!.absoluteSrc).toBe(join(ROOT, 'data', SEARCH_FILE));
    expect(existsSync(search[0]!.absoluteSrc!)).toBe(true);
  });
});
