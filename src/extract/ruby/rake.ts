/**
 * Rake: a Rakefile (and the `.rake` files it loads) is Ruby whose `task` blocks run only when
 * asked. Run as `rake TASK` (extract/shell's rake resolver passes the tasks as arguments), the
 * walk registers every `namespace`/`task` while it reads the files, then runs the named tasks,
 * each after its prerequisites (`task run: :environment`, `task b: [:a]`), once; no task named
 * runs `default`. `Rails.application.load_tasks` loads `lib/tasks/**.rake` beside the Rakefile,
 * `import 'x.rake'` that file; `Rake::Task['x'].invoke` runs x. `NAME=value` arguments are
 * environment variables, as rake sets them.
 */
import { basename, dirname, joinServer } from '../../util/paths.js';
import { walkInline } from '../kit/inline.js';
import { asStr, UNKNOWN, type V } from '../kit/value.js';
import type { ScriptRun } from '../kit/walk.js';
import type { SyntaxNode } from '../parse/tree-sitter.js';

interface RakeTask {
  name: string;
  /** The namespace the task was defined in (its prerequisites are looked up from there). */
  ns: string[];
  deps: string[];
  blocks: SyntaxNode[];
}

interface RakeState {
  ns: string[];
  tasks: Map<string, RakeTask>;
  ran: Set<string>;
  walkBlock: (block: SyntaxNode) => void;
}

const states = new WeakMap<ScriptRun, RakeState>();

/** A Rakefile or a rake task file, by its name. */
export function isRakeFile(path: string): boolean {
  return /^[Rr]akefile(\.rb)?$/.test(basename(path)) || path.endsWith('.rake');
}

/** Called from the prelude: a run of a Rakefile keeps its tasks to run them at the end. */
export function startRake(run: ScriptRun, walkBlock: (block: SyntaxNode) => void): void {
  if (isRakeFile(run.ctx.path)) states.set(run, { ns: [], tasks: new Map(), ran: new Set(), walkBlock });
}

function names(v: V | undefined): string[] {
  if (!v) return [];
  if (v.k === 'list') return v.items.map((x) => asStr(x).s);
  const s = asStr(v).s;
  return s && !s.includes('*') ? [s] : [];
}

/**
 * `namespace`, `task`, `desc`, `load_tasks`, `import`, `Rake::Task[...].invoke` in a Rakefile's
 * run: handled here (undefined: not rake's, the caller goes on).
 */
export function rakeCall(
  run: ScriptRun,
  method: string,
  receiver: string | undefined,
  a: V[],
  block: SyntaxNode | null,
  line: number,
): V | undefined {
  const st = states.get(run);
  if (!st) return undefined;
  if (receiver === undefined && method === 'namespace' && block) {
    st.ns.push(asStr(a[0]).s);
    try {
      st.walkBlock(block);
    } finally {
      st.ns.pop();
    }
    return UNKNOWN;
  }
  if (receiver === undefined && (method === 'task' || method === 'file' || method === 'directory')) {
    defineTask(st, a, block);
    return UNKNOWN;
  }
  if (receiver === undefined && method === 'desc') return UNKNOWN;
  if (method === 'load_tasks' && receiver !== undefined) {
    loadTaskFiles(run, joinServer(dirname(run.ctx.path), 'lib/tasks'));
    return UNKNOWN;
  }
  if (receiver === undefined && method === 'import') {
    for (const f of names(a[0]))
      loadRakeFile(run, f.startsWith('/') ? f : joinServer(dirname(run.ctx.path), f));
    return UNKNOWN;
  }
  if ((method === 'invoke' || method === 'execute') && receiver?.startsWith('Rake::Task[')) {
    const name = /^Rake::Task\[\s*['":]?([\w:-]+)/.exec(receiver)?.[1];
    if (name) runTask(run, st, name, st.ns, line);
    return UNKNOWN;
  }
  return undefined;
}

function defineTask(st: RakeState, a: V[], block: SyntaxNode | null): void {
  const first = a[0];
  let name: string | undefined;
  let deps: string[] = [];
  if (first?.k === 'obj') {
    // `task run: :environment`, `task :b => [:a]`
    const [k, v] = [...first.props.entries()][0] ?? [];
    name = k;
    deps = names(v);
  } else {
    name = first ? asStr(first).s : undefined;
    const opts = a.slice(1).find((x) => x.k === 'obj');
    // `task :name, [:arg] => :dep`
    if (opts?.k === 'obj') deps = [...opts.props.values()].flatMap((v) => names(v));
  }
  if (!name || name.includes('*')) return;
  const full = [...st.ns, name].join(':');
  const t = st.tasks.get(full) ?? { name: full, ns: [...st.ns], deps: [], blocks: [] };
  t.deps.push(...deps);
  if (block) t.blocks.push(block);
  st.tasks.set(full, t);
}

function loadTaskFiles(run: ScriptRun, dir: string): void {
  for (const name of run.ctx.fs.list(dir).sort()) {
    const path = joinServer(dir, name);
    if (name.endsWith('.rake') && run.ctx.fs.isFile(path)) loadRakeFile(run, path);
    else if (run.ctx.fs.isDirectory(path)) loadTaskFiles(run, path);
  }
}

function loadRakeFile(run: ScriptRun, path: string): void {
  const st = states.get(run);
  if (!st) return;
  const saved = st.ns;
  st.ns = [];
  try {
    walkInline(run, path, 'ruby');
  } finally {
    st.ns = saved;
  }
}

/** A task by name, as rake finds it from a namespace: the innermost scope first. */
function lookup(st: RakeState, name: string, from: string[]): RakeTask | undefined {
  const bare = name.replace(/^:/, '').replace(/^rake:/, '');
  for (let i = from.length; i >= 0; i--) {
    const t = st.tasks.get([...from.slice(0, i), bare].join(':'));
    if (t) return t;
  }
  return undefined;
}

function runTask(run: ScriptRun, st: RakeState, name: string, from: string[], line: number): void {
  const t = lookup(st, name, from);
  if (!t) {
    // `:environment` (Rails) and tasks of installed gems are not the server's code
    if (from.length === 0 && name !== 'environment')
      run.sink.note(
        'rake-no-task',
        `${run.ctx.path}: no task '${name}' in the Rakefile or the files it loads`,
        line,
      );
    return;
  }
  if (st.ran.has(t.name)) return;
  st.ran.add(t.name);
  for (const d of t.deps) runTask(run, st, d, t.ns, line);
  for (const b of t.blocks) st.walkBlock(b);
}

/** After the Rakefile was read: run the tasks the command line named (or `default`). */
export function runGoals(run: ScriptRun): void {
  const st = states.get(run);
  if (!st) return;
  const goals: string[] = [];
  for (const a of run.ctx.args) {
    const setting = /^([A-Za-z_]\w*)=(.*)$/s.exec(a);
    if (setting) run.sink.env[setting[1] as string] = setting[2] as string;
    else if (!a.startsWith('-')) goals.push(a.replace(/\[.*$/, ''));
  }
  for (const g of goals.length > 0 ? goals : ['default']) runTask(run, st, g, [], 1);
}
