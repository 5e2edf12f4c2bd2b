/** Feed log text to observe/ as lines, the way cli/ streams a file. */
import {
  type ObservedBatch,
  type ObservedRun,
  type ObserveOptions,
  observeInputs,
} from '../../src/observe/index.js';

async function* linesOf(text: string): AsyncIterable<string> {
  for (const l of text.split('\n')) yield l;
}

export function observeText(
  text: string,
  opts: ObserveOptions = {},
  file = '/var/log/job.trace',
): Promise<ObservedBatch> {
  return observeInputs([{ file, lines: linesOf(text) }], opts);
}

/** `from -> to (kind)` for every fact of a run, with `!` for a missing input. */
export function edgesOf(run: ObservedRun | undefined): string[] {
  return (run?.facts ?? [])
    .map((f) => `${f.from.key} -> ${f.to.key} (${f.kind}${f.missing ? ', missing' : ''})`)
    .sort();
}
