/**
 * Generated on-topic pages for the page-scan benchmark: one with about 10 MB of text (real seed paragraphs,
 * repeated), one with 200,000 text nodes (short inline runs). Deterministic.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackstoryIndex } from '../../lib/index/types';

const ROOT = join(import.meta.dirname, '../..');
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><article><h1>${esc(title)}</h1>${body}</article></body></html>`;

/** Paragraphs of the English seed articles (on topic: they are the story). */
function seedParagraphs(): string[] {
  const index = JSON.parse(readFileSync(join(ROOT, 'data/index.json'), 'utf8')) as BackstoryIndex;
  return index.documents.filter((d) => d.lang === 'en').flatMap((d) => d.text.split('\n\n')).filter((p) => p.length > 80);
}

/** About 10 MB of article text in paragraphs. */
export function tenMegabytePage(): string {
  const paras = seedParagraphs();
  const parts: string[] = [];
  let chars = 0;
  for (let i = 0; chars < 10_000_000; i++) {
    const p = paras[i % paras.length]!;
    parts.push(`<p>${esc(p)}</p>`);
    chars += p.length;
  }
  return page('Russia and Iran: ten megabytes of partnership', parts.join('\n'));
}

/** 20,000 paragraphs of 10 text nodes each (inline elements between them): 200,000 text nodes. */
export function hugeNodesPage(): string {
  const para = '<p>Putin met <b>Pezeshkian</b> in Tehran; <i>the</i> talks <a href="#">covered</a> drones, <em>grain</em> and <b>the</b> North–South corridor.</p>';
  return page('Russia and Iran: two hundred thousand text nodes', Array.from({ length: 20_000 }, () => para).join('\n'));
}
