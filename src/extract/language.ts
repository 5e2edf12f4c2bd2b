/**
 * What dfmap knows about a language before it reads a line of it: the plain typed object every
 * language folder exports as `language.ts`. It is pure data (no extractor code), so the shell's
 * interpreter resolver and Python's subprocess handler can ask "which language does `Rscript`
 * run?" without importing the extractors (and without an import cycle).
 */

import type { GrammarName } from './parse/tree-sitter.js';
import type { Language } from './types.js';

export interface LanguageSpec {
  id: Exclude<Language, 'unknown'>;
  title: string;
  /** File name endings, lower case with the dot (`.py`). */
  extensions: string[];
  /** Interpreter base names (`python3.11`, `/usr/bin/env Rscript` -> `Rscript`): a shebang or argv[0]. */
  interpreters: RegExp;
  /**
   * Option letters of the interpreter that take a value (`python -W ignore x.py`): the script is
   * the first word after the options.
   */
  valuedOptions: string;
  /**
   * Whether the first word after the options is the script file (default true). False for
   * database clients (`psql db`), whose files come with their own options.
   */
  scriptArgument?: boolean;
  /** Words the interpreter takes before its options and script (`R CMD BATCH x.R`). */
  subcommands?: string[][];
  /** Options whose value is the script file (`awk -f prog.awk`, `R -f x.R`, `R --file=x.R`). */
  scriptOptions?: string[];
  /**
   * Options whose value is the program itself (`python -c CODE`, `perl -e CODE`, `Rscript -e`): the
   * code is read by this language's extractor as part of the calling script.
   */
  inlineOptions?: string[];
  /**
   * Switches without a value that may come before an inline option, alone or in one word with it
   * (`perl -ne CODE`, `perl -n -l -e CODE`, `perl -pi.bak -e CODE`), and what they do to the code:
   * `loops` wraps it (the switch letter -> a template with `CODE` where the code goes), `inPlace`
   * is the switch that rewrites the files named after the code (its optional suffix glued on).
   */
  inlineSwitches?: { letters: string; loops?: Record<string, string>; inPlace?: string };
  /** The tree-sitter grammar the extractor parses with; none for a token-level extractor. */
  grammar?: GrammarName;
  /** What the extractor emits, one phrase each (for the README table and `--help`). */
  emits: string[];
  /** What it does not see yet. */
  misses: string[];
  /** Where its tests are, relative to the repository. */
  tests: string;
}
