/** Tiny argument parsing shared by the commands: `--flag`, `--key value`, and positionals. */
export interface Args {
  flags: Set<string>;
  /** The last value of each valued option. */
  values: Map<string, string>;
  /** Every value of each valued option, in order (for options that may be repeated: `--library A --library B`). */
  lists: Map<string, string[]>;
  positional: string[];
}

export function parseArgs(argv: string[], valued: string[], known: string[]): Args {
  const out: Args = { flags: new Set(), values: new Map(), lists: new Map(), positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
      if (valued.includes(name)) {
        const v = inline ?? argv[++i];
        if (v === undefined || v.startsWith('--')) throw new UsageError(`--${name} needs a value`);
        out.values.set(name, v);
        out.lists.set(name, [...(out.lists.get(name) ?? []), v]);
      } else if (known.includes(name)) out.flags.add(name);
      else throw new UsageError(`unknown option --${name}`);
    } else out.positional.push(a);
  }
  return out;
}

export class UsageError extends Error {}

/** Runs a command's main, printing errors plainly (no stack for expected failures) with a non-zero exit. */
export async function runMain(name: string, main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (e) {
    const err = e as Error;
    // Expected: a usage error, or an input error naming its file (IndexInputError) or input (LibraryFormatError).
    const expected = err.name !== 'Error' || err instanceof UsageError || 'file' in err || 'input' in err;
    process.stderr.write(`${name}: ${expected ? err.message : err.stack ?? err.message}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  }
}
