/**
 * Accesses -> DataRefs and Invocations with evidence. Names are qualified against the session
 * context at the statement (so `USE db` and `\c` apply to what follows), snippets are redacted, and
 * one text repeating the same access (a dump of 10,000 INSERTs) keeps a few pieces of evidence.
 */

import { toFileNode, toTableNode } from '../../model/keys.js';
import type { Confidence } from '../../model/kinds.js';
import { weakerConfidence } from '../../model/kinds.js';
import { dirname, joinServer, normalizeServerPath } from '../../util/paths.js';
import { redactText } from '../../util/redact.js';
import type { DataRef, Extraction, SqlContext } from '../types.js';
import type { SqlAccess, StatementFacts } from './access.js';
import { qualifyTable } from './names.js';

/** Evidence kept per (operation, node) within one SQL text. */
const MAX_EVIDENCE_PER_REF = 3;
const MAX_SNIPPET = 240;

interface Options {
  file: string;
  line: number;
  construct?: string;
  snippetLines?: string[];
}

export interface RefSink {
  access(a: SqlAccess, ctx: SqlContext, base: Confidence, resolved: boolean): void;
  include(inc: StatementFacts['includes'][number], ctx: SqlContext): void;
}

export function createRefSink(sql: string, opts: Options, out: Extraction): RefSink {
  let sqlLines: string[] | undefined;
  const seen = new Map<string, number>();
  const snippet = (rel: number): string => {
    const abs = opts.line + rel;
    let text = opts.snippetLines?.[abs - 1];
    if (text === undefined) {
      sqlLines ??= sql.split('\n');
      text = sqlLines[rel] ?? '';
    }
    return redactText(text.trim()).slice(0, MAX_SNIPPET);
  };
  const evidence = (rel: number, construct: string) => ({
    file: opts.file,
    line: opts.line + rel,
    construct: opts.construct ? `${opts.construct}: ${construct}` : construct,
    method: 'static' as const,
    snippet: snippet(rel),
  });
  return {
    access(a, ctx, base, resolved) {
      const built = buildNode(a, ctx);
      if (!built) return;
      let confidence = resolved ? weakerConfidence(base, 'resolved') : base;
      if (built.partial) confidence = weakerConfidence(confidence, 'partial');
      const key = `${a.op}|${built.node.key}`;
      const count = seen.get(key) ?? 0;
      if (count >= MAX_EVIDENCE_PER_REF) return;
      seen.set(key, count + 1);
      const ref: DataRef = { node: built.node, evidence: evidence(a.line, a.construct), confidence };
      (a.op === 'write' ? out.writes : out.reads).push(ref);
    },
    include(inc, ctx) {
      const path =
        inc.relativeToFile && !inc.path.startsWith('/') ? joinServer(dirname(opts.file), inc.path) : inc.path;
      const norm = path.startsWith('/') ? normalizeServerPath(path) : path;
      const partial = norm.includes('*') || !norm.startsWith('/');
      out.invokes.push({
        path: norm,
        args: [],
        interpreter: ctx.dialect === 'mysql' ? 'mysql' : 'psql',
        language: 'sql',
        sqlContext: { ...ctx },
        mode: 'run',
        evidence: evidence(inc.line, inc.construct),
        confidence: partial ? 'partial' : 'exact',
      });
    },
  };
}

function buildNode(a: SqlAccess, ctx: SqlContext): { node: DataRef['node']; partial: boolean } | undefined {
  if (a.target === 'table') {
    const name = qualifyTable(a.parts, ctx);
    if (!name) return undefined;
    return { node: toTableNode(name, ctx.namespace), partial: name.includes('*') };
  }
  // Holes the caller's string building left in a path (`{day}`, `%s`) are unknown parts.
  const raw = (a.parts[0] ?? '').trim().replace(/\$?\{[^}]*\}|%\(\w+\)s|%s/g, '*');
  if (!raw) return undefined;
  // A relative path is kept as written and marked partial: the caller may know the directory.
  if (!raw.startsWith('/')) return { node: toFileNode(raw, { partial: true }), partial: true };
  const path = normalizeServerPath(raw);
  return { node: toFileNode(path), partial: path.includes('*') };
}
