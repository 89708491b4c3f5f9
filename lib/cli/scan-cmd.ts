/**
 * `npm run scan -- FILE... [--json]`: what the content script would do with each .html or .txt page: on-topic
 * decision, score and reasons, mentions, page date, and the event and claim ids the sidebar would show.
 * `--json` prints one JSON array with an object per file.
 */
import { parseArgs, runMain, UsageError } from './args';
import { formatResult, loadContext, readPage, scanHtml, type ScanResult } from './scan-files';

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), [], ['json', 'help']);
  if (args.flags.has('help')) {
    process.stdout.write('usage: npm run scan -- FILE... [--json]   (FILE: .html or .txt)\n');
    return 0;
  }
  if (!args.positional.length) throw new UsageError('give at least one .html or .txt file (npm run scan -- FILE... [--json])');
  // Read every file first, so that a bad one fails before any output.
  const pages = args.positional.map((file) => ({ file, html: readPage(file) }));
  const ctx = loadContext();
  const results: ScanResult[] = pages.map((p) => {
    const { pageText: _text, ...result } = scanHtml(p.file, p.html, ctx);
    return result;
  });
  if (args.flags.has('json')) process.stdout.write(`${JSON.stringify(results, null, 1)}\n`);
  else process.stdout.write(`${results.map(formatResult).join('\n\n')}\n`);
  return 0;
}

if (process.argv[1] && /scan-cmd\.ts$/.test(process.argv[1])) void runMain('scan', main);
