/** What one SQL statement touches, before names are qualified and turned into graph nodes. */

export interface SqlAccess {
  target: 'table' | 'file';
  /** table: dotted parts as written (lowercased, unquoted, holes as `*`); file: the path as written. */
  parts: string[];
  op: 'read' | 'write';
  /** `SQL SELECT`, `COPY FROM`, `LOAD DATA INFILE`, ... */
  construct: string;
  /** 0-based line inside the SQL text. */
  line: number;
  /** The name came through a psql variable (`:'file'`) rather than literally. */
  resolved?: boolean;
}

/** Changes a statement makes to the session: `USE db`, `SET search_path`, `\c db`. */
export interface SessionChange {
  database?: string;
  schema?: string;
  host?: string;
  port?: string;
}

export interface StatementFacts {
  accesses: SqlAccess[];
  /** Scripts the statement runs (`SOURCE f.sql`, `\i f.sql`): path as written. */
  includes: Array<{ path: string; line: number; construct: string; relativeToFile: boolean }>;
  session?: SessionChange;
  /** The statement was understood (by the parser or the fallback), even if it touches nothing. */
  understood: boolean;
}

export function noFacts(understood: boolean): StatementFacts {
  return { accesses: [], includes: [], understood };
}

/** Constructs by statement verb, as shown in evidence. */
export const CONSTRUCT_BY_VERB: Record<string, string> = {
  select: 'SQL SELECT',
  insert: 'SQL INSERT',
  replace: 'SQL REPLACE',
  update: 'SQL UPDATE',
  delete: 'SQL DELETE',
  merge: 'SQL MERGE',
  truncate: 'SQL TRUNCATE',
  create: 'SQL CREATE TABLE AS',
  with: 'SQL SELECT',
  values: 'SQL SELECT',
  table: 'SQL SELECT',
};

/** Statements that move no data (or that dfmap deliberately ignores: DDL, session, transactions). */
export const QUIET_VERBS = new Set([
  'alter',
  'analyze',
  'attach',
  'begin',
  'call',
  'checkpoint',
  'close',
  'cluster',
  'comment',
  'commit',
  'create',
  'deallocate',
  'declare',
  'detach',
  'discard',
  'do',
  'drop',
  'end',
  'execute',
  'exec',
  'explain',
  'fetch',
  'flush',
  'grant',
  'kill',
  'listen',
  'lock',
  'notify',
  'open',
  'optimize',
  'pragma',
  'prepare',
  'refresh',
  'reindex',
  'release',
  'rename',
  'reset',
  'revoke',
  'rollback',
  'savepoint',
  'set',
  'show',
  'start',
  'unlock',
  'use',
  'vacuum',
  'go',
  'print',
  'raise',
  'perform',
  'if',
  'else',
  'elsif',
  'return',
  'loop',
  'while',
  'exit',
  'leave',
  'iterate',
  'repeat',
  'until',
  'signal',
  'handler',
  'describe',
  'desc',
  'help',
  'check',
  'checksum',
  'repair',
  'install',
  'uninstall',
  'source',

  'abort',
  'security',
]);
