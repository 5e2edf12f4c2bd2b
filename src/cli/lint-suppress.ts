/**
 * The files behind `dfmap lint --baseline`, `--write-baseline` and the ignore file: reading,
 * checking and writing them. Matching findings against them is analyses/lint/suppress.ts.
 *
 * The ignore file, `.dfmaplintignore`, is found as dfmap.json is (the working directory or a
 * parent), or named with `--ignore-file`. One entry a line: a rule id (or `*`) and a selection in
 * the grammar every command takes (`path:/data/incoming`, `kind:endpoint`, `5.py+`); `#` starts a
 * comment.
 */
import fs from 'node:fs';
import {
  BASELINE_KIND,
  type BaselineFile,
  baselineKeys,
  type IgnoreEntry,
} from '../analyses/lint/suppress.js';
import { LINT_RULE_IDS } from '../analyses/lint/types.js';
import { UsageError } from '../model/errors.js';
import type { Io } from './io.js';
import { findUpward } from './map-input.js';

export const IGNORE_FILE = '.dfmaplintignore';

/** The keys of the findings a baseline file holds. */
export function readBaseline(file: string): Set<string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--baseline: cannot read '${file}' (${(err as NodeJS.ErrnoException).code}).`, {
      hint: `create it with dfmap lint --write-baseline ${file}`,
    });
  }
  let data: Partial<BaselineFile>;
  try {
    data = JSON.parse(text) as Partial<BaselineFile>;
  } catch {
    data = {};
  }
  if (data.kind !== BASELINE_KIND || !Array.isArray(data.findings) || !data.findings.every(isFinding)) {
    throw new UsageError(`--baseline: '${file}' is not a dfmap lint baseline.`, {
      hint: `write one with dfmap lint --write-baseline ${file}`,
    });
  }
  return baselineKeys({ findings: data.findings });
}

function isFinding(f: unknown): boolean {
  const x = f as { rule?: unknown; nodes?: unknown };
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.rule === 'string' &&
    Array.isArray(x.nodes) &&
    x.nodes.every((n) => typeof n === 'string')
  );
}

/**
 * The ignore entries: `--ignore-file FILE`, else the nearest .dfmaplintignore (stderr says which),
 * else none. A line with an unknown rule is a usage error naming FILE:LINE.
 */
export function readIgnoreEntries(
  io: Io,
  flag: string | undefined,
): { file?: string; entries: IgnoreEntry[] } {
  const file = flag ?? findUpward(IGNORE_FILE);
  if (file === undefined) return { entries: [] };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--ignore-file: cannot read '${file}' (${(err as NodeJS.ErrnoException).code}).`);
  }
  if (flag === undefined) io.err(`dfmap: ignoring the findings ${file} lists`);
  return { file, entries: parseIgnoreFile(text, file) };
}

export function parseIgnoreFile(text: string, file: string): IgnoreEntry[] {
  const entries: IgnoreEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    const m = /^(\S+)\s+(.+)$/.exec(line);
    const where = `${file}:${i + 1}`;
    if (!m) {
      throw new UsageError(`${where}: '${line}' is not RULE SELECTION.`, {
        hint: 'e.g. external-input path:/data/incoming  (or * SELECTION for every rule)',
      });
    }
    const rule = m[1]!;
    if (rule !== '*' && !(LINT_RULE_IDS as readonly string[]).includes(rule)) {
      throw new UsageError(`${where}: '${rule}' is not a lint rule.`, {
        hint: `rules are ${LINT_RULE_IDS.join(', ')}, or * for all`,
      });
    }
    entries.push({ rule, selection: m[2]!.trim(), where });
  });
  return entries;
}
