/**
 * The interpreter's state: one ModuleState per parsed file (the script and the local modules it
 * imports), one Frame per function activation, one Interp per extraction.
 */

import type { ScriptContext, SqlContext } from '../types.js';
import type { Recorder } from './recorder.js';
import type { PyNode } from './tree.js';
import type { ClassDef, FunctionDef, GlobUse, Value } from './value.js';

/** Evaluated call arguments. */
export interface Args {
  args: Value[];
  kwargs: Map<string, Value>;
}

/** Set by the statement walker so expressions can call user code without an import cycle. */
export interface Hooks {
  callUser(fn: FunctionDef, a: Args, caller: Frame, self?: Value): Value;
  instantiate(cls: ClassDef, a: Args, caller: Frame): Value;
  /** Run an imported module's top level: its names, and its I/O as the importer's. */
  runModule(mod: ModuleState): void;
}

export interface ModuleState {
  /** Server path of the file. */
  path: string;
  dir: string;
  lines: string[];
  globals: Map<string, Value>;
  /** The module's syntax tree (plain objects, see tree.ts). */
  root: PyNode;
  /** Imported: its top-level I/O is recorded for the importing script (Python runs it on import). */
  imported: boolean;
}

export interface Frame {
  module: ModuleState;
  /** null at module level (names live in module.globals). */
  locals: Map<string, Value> | null;
  globalNames: Set<string>;
  /** Edges are recorded (false while evaluating parameter defaults). */
  emit: boolean;
  depth: number;
  returns: Value[];
  /** Function running in this frame (for recursion guard). */
  fn?: FunctionDef;
}

export interface Interp {
  ctx: ScriptContext;
  rec: Recorder;
  /** Current working directory; os.chdir() moves it. */
  cwd: string;
  env: Record<string, string>;
  /** Directories searched for local modules (script dir, sys.path inserts, PYTHONPATH). */
  sysPath: string[];
  modules: Map<string, ModuleState | null>;
  /** Functions run at least once (the rest run once with unknown arguments at the end). */
  called: Set<number>;
  functions: FunctionDef[];
  /** Results of calls already made, by function and argument signature. */
  callCache: Map<string, Value>;
  stack: number[];
  /** Database contexts seen in the script (fallback when a cursor cannot be traced). */
  dbContexts: SqlContext[];
  /** Glob reads, recorded at the end unless the files found were only deleted. */
  pendingGlobs: Array<{ use: GlobUse; record: () => void }>;
  deadline: number;
  timedOut: boolean;
  steps: number;
  nextId: number;
  importDepth: number;
  hooks: Hooks;
}

export function lookup(frame: Frame, name: string): Value | undefined {
  if (frame.locals && !frame.globalNames.has(name)) {
    const v = frame.locals.get(name);
    if (v !== undefined) return v;
  }
  return frame.module.globals.get(name);
}

export function assign(frame: Frame, name: string, v: Value): void {
  if (frame.locals && !frame.globalNames.has(name)) frame.locals.set(name, v);
  else frame.module.globals.set(name, v);
}

/** Source line of a node, trimmed (redaction happens in the recorder). */
export function lineText(module: ModuleState, node: PyNode): string {
  return (module.lines[node.row] ?? '').trim();
}

export function timeUp(interp: Interp): boolean {
  if (interp.timedOut) return true;
  if (++interp.steps % 256 === 0 && performance.now() > interp.deadline) interp.timedOut = true;
  return interp.timedOut;
}
