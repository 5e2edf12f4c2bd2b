/**
 * The shape of a command resolver (knip's shell-command resolvers, STYLE.md "Registration"): a
 * plain typed object that says which commands it handles and what it finds in them. A resolver
 * sees the walk only through ShellApi: it reads what it needs (working directory, variables,
 * the server's files) and reports facts; the few builtins that change the shell (`cd`, `shift`,
 * `set -a`) say so through explicit setters, never by editing the interpreter's state.
 */
import type { Evidence } from '../../../model/evidence.js';
import type { Confidence } from '../../../model/kinds.js';
import type { SyntaxNode } from '../../parse/tree-sitter.js';
import type { DataRef, Extraction, Invocation, ScriptContext } from '../../types.js';
import type { Value } from '../value.js';

/** What feeds a command's stdin: a file, a here-document, the names a pipeline lists, or nothing. */
export interface Stdin {
  file?: Value;
  text?: string;
  line?: number;
  /** File names the previous command of a pipeline prints (`find DIR -name X`, `ls GLOB`). */
  items?: Value[];
}

export interface CommandCall {
  name: string;
  argv: Value[];
  node: SyntaxNode;
  stdin?: Stdin;
  run: ShellApi;
  /** Environment assignments written before the command (`PGDATABASE=x psql ...`). */
  inlineEnv: Map<string, Value>;
}

/** What a resolver may ask of the shell walk that called it. */
export interface ShellApi {
  readonly ctx: Pick<
    ScriptContext,
    'fs' | 'host' | 'path' | 'parsers' | 'budgetMs' | 'sqlContext' | 'inline'
  >;
  /** The working directory (`*` where unknown). */
  readonly cwd: string;
  /** `$1...` of the running script or function. */
  readonly args: readonly Value[];
  lookup(name: string): Value | undefined;
  /** The environment a child process sees (exported variables, plus `extra`). */
  exportedEnv(extra?: Map<string, Value>): Record<string, string>;
  line(node: SyntaxNode): number;
  evidence(node: SyntaxNode, construct: string): Evidence;

  emitRead(
    value: Value,
    node: SyntaxNode,
    construct: string,
    redirectOrConfidence?: boolean | Confidence,
  ): void;
  emitWrite(
    value: Value,
    node: SyntaxNode,
    construct: string,
    redirect?: boolean,
    confidence?: Confidence,
  ): void;
  emitRef(kind: 'read' | 'write', ref: DataRef): void;
  emitInvoke(
    inv: Omit<Invocation, 'evidence' | 'confidence'>,
    node: SyntaxNode,
    construct: string,
    v: Value,
  ): void;
  merge(out: Extraction): void;
  note(node: SyntaxNode, code: string, message: string): void;
  warn(node: SyntaxNode, code: string, message: string): void;

  /** Run an inner command (a wrapper's, `xargs`', `find -exec`'s) through the dispatcher. */
  dispatch(call: CommandCall): void;
  /** Walk shell text found in an argument (`bash -c`, `su -c`) with `args` as its `$1...`. */
  runNested(text: string, at: SyntaxNode, args?: Value[]): void;
  /** `source FILE`: walk another file's text in this shell. */
  sourceText(text: string, file: string): void;
  /** Run `fn` with another working directory, then restore it (`docker run -w`). */
  withCwd(cwd: string, fn: () => void): void;

  /** The builtins that change this shell: `cd`, `shift`/`set --`, `set -a`, `zparseopts`. */
  setCwd(dir: string): void;
  setArgs(args: Value[]): void;
  setAllExport(on: boolean): void;
  /** An indexed array (`$NAME` is its first element); an associative one by key. */
  setArray(name: string, items: Value[]): void;
  setAssoc(name: string, entries: Map<string, Value>): void;
}

export type Handler = (call: CommandCall) => void;

export interface CommandResolver {
  id: string;
  title: string;
  /** Handlers by command base name (`/usr/bin/rsync` and `$RSYNC` resolve as `rsync`). */
  commands: Record<string, Handler>;
  /** A family of names no list can hold (`python3.11`, `perl5.36`); tried after `commands`. */
  matches?(base: string): boolean;
  resolve?: Handler;
  /** What the resolver finds, for the README's table. */
  emits: ReadonlyArray<'reads' | 'writes' | 'invokes' | 'shell state'>;
}
