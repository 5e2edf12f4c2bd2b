/**
 * The contract between the scan pipeline and every extractor: a script's text and the context it
 * runs in go in; what it reads, writes and invokes comes out, each with evidence and confidence.
 * Extractors never see graphology and never execute anything.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { Evidence } from '../model/evidence.js';
import type { Confidence } from '../model/kinds.js';
import type { NodeSpec } from '../model/node.js';
import type { ServerFs } from '../util/server-fs.js';
import type { Parsers } from './parse/tree-sitter.js';

export type Language =
  | 'python'
  | 'shell'
  | 'perl'
  | 'sql'
  | 'php'
  | 'ruby'
  | 'node'
  | 'r'
  | 'awk'
  | 'make'
  | 'unknown';

/** One data dependency: the node read or written, where it was seen, how sure we are. */
export interface DataRef {
  node: NodeSpec;
  evidence: Evidence;
  confidence: Confidence;
  /** `redirect`: found as a redirection; on a cron line it is a write of the script the line runs. */
  via?: 'redirect';
}

/** A script (or SQL file) run by this one, with the arguments and environment it is given. */
export interface Invocation {
  /** Server path of the callee (absolute, normalised; may contain `*`). */
  path: string;
  /** argv[1..] as passed; unknown parts are `*`. */
  args: string[];
  /** Environment the callee sees, beyond the caller's. */
  env?: Record<string, string>;
  /** Working directory of the callee. */
  cwd?: string;
  /** The interpreter named on the command line (`python3`, `bash`, `psql`), if any. */
  interpreter?: string;
  /** Language the caller implies (`psql -f x.sql` -> sql) when the extension does not tell. */
  language?: Language;
  /** Connection context for SQL files run by a database client (`psql -d db`, `mysql db`). */
  sqlContext?: SqlContext;
  /**
   * Redirections of the callee's stdin/stdout in the caller (`conv.pl < in > out`): the callee's
   * reads and writes, with the caller's evidence.
   */
  redirects?: { reads: DataRef[]; writes: DataRef[] };
  /** `import`: a local module imported by Python; `run`: executed. */
  mode?: 'run' | 'import';
  /**
   * The callee's text was walked inside the caller (R `source()` runs a file in the caller's
   * session): its I/O is already the caller's, so it is not scanned on its own.
   */
  inlined?: boolean;
  evidence: Evidence;
  confidence: Confidence;
}

/** Where SQL runs: the OpenLineage namespace (`postgres://HOST:PORT`) and default database/schema. */
export interface SqlContext {
  dialect: 'mysql' | 'postgresql' | 'sqlite' | 'mssql' | 'oracle' | 'unknown';
  namespace?: string;
  database?: string;
  schema?: string;
}

export interface Extraction {
  reads: DataRef[];
  writes: DataRef[];
  invokes: Invocation[];
  diagnostics: Diagnostic[];
}

export interface ScriptContext {
  /** Server path of the script. */
  path: string;
  text: string;
  language: Language;
  /** argv[1..] as bound by the caller (cron line, wrapper). */
  args: string[];
  /** The environment the script runs in (crontab variables, EnvironmentFile=, sourced files). */
  env: Record<string, string>;
  /** Working directory (cron: the user's home or `cd X &&`; systemd: WorkingDirectory=). */
  cwd: string;
  /** The server's own name, as its `hostname` prints it; '' when the scan does not know it. */
  host: string;
  fs: ServerFs;
  parsers: Parsers;
  sqlContext?: SqlContext;
  /** Per-file time budget for parsing, milliseconds. */
  budgetMs: number;
  /**
   * Reads code given on a command line (`python -c CODE`) with its language's extractor. Set by
   * the scan, so extractors reach each other's languages without importing them.
   */
  inline?: (ctx: ScriptContext) => Extraction;
}

/**
 * A language's extractor: its LanguageSpec (what it matches, emits and misses; pure data in the
 * language's `language.ts`) and the function that reads a script. Registered in `index.ts`.
 */
export interface Extractor {
  id: string;
  title: string;
  languages: Language[];
  extract(ctx: ScriptContext): Extraction;
}

export function emptyExtraction(): Extraction {
  return { reads: [], writes: [], invokes: [], diagnostics: [] };
}
