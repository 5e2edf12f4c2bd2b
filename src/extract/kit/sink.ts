/**
 * Where a script extractor's findings go: files, endpoints, tables, SQL (through the SQL
 * extractor), commands (through the shell extractor), config documents read under ROOT. Evidence
 * is the source line; confidence is `exact` for literals, `resolved` through variables, arguments
 * or config, `partial` when a `*` stands for an unknown part.
 */
import { diagnostic, warning } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import { toEndpointNode, toFileNode, toTableNode } from '../../model/keys.js';
import { type Confidence, confidenceToNode, weakerConfidence } from '../../model/kinds.js';
import type { NodeSpec } from '../../model/node.js';
import { joinServer, normalizeServerPath } from '../../util/paths.js';
import { redactText, redactUrl } from '../../util/redact.js';
import { normalizeEndpoint } from '../shell/targets.js';
import { extractSqlText } from '../sql/index.js';
import { qualifyTable } from '../sql/names.js';
import type { Extraction, Language, ScriptContext, SqlContext } from '../types.js';
import { asStr, type V } from './value.js';

export type Direction = 'read' | 'write';

/**
 * Runs a shell command line found in a script (the shell extractor's `extractShellCommand`, or a
 * calling shell's own state for an awk program inline in it). Injected, so kit/ does not import
 * shell/ (whose command resolvers use the awk extractor).
 */
export type ShellRunner = (
  command: string,
  ctx: ScriptContext,
  at: { file: string; line: number },
  opts: { where?: string },
) => Extraction;

/** Not data: devices, descriptors, stdin/stdout markers. */
const NOT_DATA = /^(\/dev\/.*|\/proc\/.*|-|php:\/\/.*|stdin|stdout|stderr|)$/;

export class ScriptSink {
  readonly out: Extraction = { reads: [], writes: [], invokes: [], diagnostics: [] };
  private lines: string[] | undefined;
  private readonly seen = new Set<string>();
  /** The environment as the script changed it (`Sys.setenv`, `process.env.X =`), for commands. */
  env: Record<string, string>;

  /** Lines added to every evidence line (a program found inside another file, e.g. inline awk). */
  lineOffset = 0;
  /** Another file walked in this script's run (R `source()`): evidence points into it. */
  private inner: { file: string; text: string; lines?: string[] } | undefined;

  constructor(
    readonly ctx: ScriptContext,
    private readonly runShell: ShellRunner,
  ) {
    this.env = { ...ctx.env };
  }

  /** The file being walked: the script, or a file it runs in its own session. */
  get currentFile(): string {
    return this.inner?.file ?? this.ctx.path;
  }

  /** Run `fn` with evidence pointing into `file` (its text walked as part of this script). */
  within<T>(file: string, text: string, fn: () => T): T {
    const saved = { inner: this.inner, offset: this.lineOffset };
    this.inner = { file, text };
    this.lineOffset = 0;
    try {
      return fn();
    } finally {
      this.inner = saved.inner;
      this.lineOffset = saved.offset;
    }
  }

  /** Re-enter the file context current now (a function body walked later, at a call). */
  here(): <T>(fn: () => T) => T {
    const at = { inner: this.inner, offset: this.lineOffset };
    return <T>(fn: () => T): T => {
      const now = { inner: this.inner, offset: this.lineOffset };
      this.inner = at.inner;
      this.lineOffset = at.offset;
      try {
        return fn();
      } finally {
        this.inner = now.inner;
        this.lineOffset = now.offset;
      }
    };
  }

  evidence(line: number, construct: string): Evidence {
    let lines: string[];
    if (this.inner) {
      this.inner.lines ??= this.inner.text.split('\n');
      lines = this.inner.lines;
    } else {
      this.lines ??= this.ctx.text.split('\n');
      lines = this.lines;
    }
    const snippet = redactText((lines[line - 1] ?? '').trim()).slice(0, 240);
    return { file: this.currentFile, line: line + this.lineOffset, construct, method: 'static', snippet };
  }

  confidence(v: V): Confidence {
    const s = asStr(v);
    if (s.s.includes('*')) return 'partial';
    return s.via ? 'resolved' : 'exact';
  }

  /**
   * A file (or a URL given where a file may be) read or written; `cap` bounds the confidence (a
   * read inferred from a function's name).
   */
  file(dir: Direction, v: V, line: number, construct: string, cap?: Confidence): void {
    const s = asStr(v);
    const raw = s.s.trim();
    if (NOT_DATA.test(raw)) return;
    if (/^[a-z][\w+.-]*:\/\//i.test(raw) && !raw.startsWith('file://')) {
      this.endpoint(dir, v, line, construct, cap);
      return;
    }
    const text = raw.replace(/^file:\/\//, '');
    if (/^\*+$/.test(text) || (text.startsWith('*') && !this.ctx.cwd.startsWith('/'))) {
      this.note('path-unknown', `${construct}: the path is not known statically`, line);
      return;
    }
    // `*/x.csv`: the directory is unknown; an edge to a guess would be invented
    if (text.startsWith('*')) {
      this.note('path-unknown', `${construct}: ${text}: the directory is not known statically`, line);
      return;
    }
    const path = text.startsWith('/') ? normalizeServerPath(text) : joinServer(this.ctx.cwd, text);
    const confidence = cap ? weakerConfidence(this.confidence(v), cap) : this.confidence(v);
    this.ref(dir, toFileNode(path), line, construct, confidence);
  }

  /** A URL read or written; `cap` bounds the confidence (an endpoint inferred from names). */
  endpoint(dir: Direction, v: V, line: number, construct: string, cap?: Confidence): void {
    const s = asStr(v).s.trim();
    if (!/^[a-z][\w+.-]*:\/\/[^*/]/i.test(s)) {
      this.note('url-unknown', `${construct}: the URL is not known statically`, line);
      return;
    }
    const confidence = cap ? weakerConfidence(this.confidence(v), cap) : this.confidence(v);
    this.ref(dir, toEndpointNode(normalizeEndpoint(redactUrl(s))), line, construct, confidence);
  }

  /** A table named in an API call (`dbWriteTable(con, "x", df)`), not in SQL text. */
  table(dir: Direction, name: V, db: SqlContext, line: number, construct: string): void {
    const s = asStr(name).s.trim();
    if (s === '' || s === '*') {
      this.note('table-unknown', `${construct}: the table is not known statically`, line);
      return;
    }
    const qualified = qualifyTable(s.split('.'), db);
    if (!qualified) return;
    this.ref(dir, toTableNode(qualified, db.namespace), line, construct, this.confidence(name));
  }

  /** SQL text run on a connection: the SQL extractor finds its tables. */
  sql(text: V, db: SqlContext, line: number, construct: string, cap: Confidence = 'exact'): void {
    const s = asStr(text);
    if (s.s.trim() === '' || s.s.trim() === '*') {
      this.note('sql-unknown', `${construct}: the SQL is not known statically`, line);
      return;
    }
    const x = extractSqlText(s.s, { file: this.currentFile, line, ctx: db, construct });
    this.merge(x, weakerConfidence(cap, s.via ? 'resolved' : 'exact'));
  }

  /** A shell command line the script runs (`system(...)`, `exec(...)`, backticks). */
  command(text: V, line: number, construct: string): void {
    const s = asStr(text);
    if (s.s.trim() === '' || /^\s*\*\s*$/.test(s.s)) {
      this.note('command-unknown', `${construct}: the command is not known statically`, line);
      return;
    }
    try {
      const x = this.runShell(
        s.s,
        { ...this.ctx, env: { ...this.env } },
        { file: this.currentFile, line: line + this.lineOffset },
        { where: construct },
      );
      this.merge(x, s.via ? 'resolved' : 'exact');
    } catch (err) {
      this.out.diagnostics.push(
        warning('command-failed', `${construct}: could not follow the command: ${String(err)}`, {
          file: this.currentFile,
          line,
        }),
      );
    }
  }

  /** An argv list run without a shell (`system2`, `spawn`, `execFile`, `proc_open([...])`). */
  argv(words: V[], line: number, construct: string): void {
    if (words.length === 0) return;
    const quoted = words.map((w) => {
      const t = asStr(w).s;
      return /^[\w@%+=:,./*-]+$/.test(t) ? t : `'${t.replace(/'/g, `'\\''`)}'`;
    });
    const via = words.some((w) => w.k !== 'str' || w.via);
    this.command({ k: 'str', s: quoted.join(' '), via }, line, construct);
  }

  /**
   * Another script this one runs or loads (`source("x.R")`, `require "./lib.rb"`). `inlined`: its
   * text was walked as part of this script (its I/O is this script's), so it is not scanned alone.
   */
  invoke(
    path: V,
    args: string[],
    language: Language,
    line: number,
    construct: string,
    inlined = false,
  ): void {
    const s = asStr(path);
    const text = s.s.trim();
    if (text === '' || text.startsWith('*')) {
      this.note('script-unknown', `${construct}: the script is not known statically`, line);
      return;
    }
    this.out.invokes.push({
      path: text.startsWith('/') ? normalizeServerPath(text) : joinServer(this.ctx.cwd, text),
      args,
      language,
      cwd: this.ctx.cwd,
      ...(inlined ? { mode: 'import' as const, inlined: true } : {}),
      evidence: this.evidence(line, construct),
      confidence: this.confidence(path),
    });
  }

  /** Another extractor's result, no surer than the value it came from. */
  merge(x: Extraction, cap: Confidence): void {
    for (const r of x.reads) this.push('read', { ...r, confidence: weakerConfidence(r.confidence, cap) });
    for (const w of x.writes) this.push('write', { ...w, confidence: weakerConfidence(w.confidence, cap) });
    for (const i of x.invokes)
      this.out.invokes.push({ ...i, confidence: weakerConfidence(i.confidence, cap) });
    this.out.diagnostics.push(...x.diagnostics);
  }

  ref(dir: Direction, node: NodeSpec, line: number, construct: string, confidence: Confidence): void {
    this.push(dir, { node, evidence: this.evidence(line, construct), confidence });
  }

  private push(dir: Direction, r: Extraction['reads'][number]): void {
    const key = `${dir}|${r.node.key}|${r.evidence.line}|${r.evidence.construct}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    // a `*` in the node (a server the script does not name): partial at most
    const ref = { ...r, confidence: confidenceToNode(r.node.key, r.confidence) };
    (dir === 'read' ? this.out.reads : this.out.writes).push(ref);
  }

  note(code: string, message: string, line: number): void {
    this.out.diagnostics.push(
      diagnostic('info', code, message, { file: this.currentFile, line: line + this.lineOffset }),
    );
  }

  warn(code: string, message: string, line: number): void {
    this.out.diagnostics.push(
      warning(code, message, { file: this.currentFile, line: line + this.lineOffset }),
    );
  }
}
