/**
 * PHP through tree-sitter-php: `$variables`, constants (`define`, `const`), single-quoted and
 * interpolated strings, `.` and `.=`, arrays and `$a['k']`, `$argv`/`getopt`, `__DIR__`,
 * `foreach` over literal arrays, `->query()`/`->exec()`/`->prepare()` on PDO and mysqli
 * connections, backticks, and the functions in calls.ts. `include`/`require` (and `_once`) of a
 * file on the server walks it here: PHP runs it in the caller's scope, so its variables,
 * constants and I/O are the caller's (evidence in that file); its top-level `return` is the
 * value of the include (`$cfg = require 'config.php'`).
 */
import { dirname, joinServer } from '../../util/paths.js';
import { SQL_STATEMENT } from '../kit/calls.js';
import { readConfig } from '../kit/config.js';
import { walkedInline, walkInline } from '../kit/inline.js';
import { asStr, concat, member, str, UNKNOWN, type V, viaVar } from '../kit/value.js';
import type { LanguageHooks, ScriptRun } from '../kit/walk.js';
import { lineOf, named, type SyntaxNode } from '../parse/tree-sitter.js';
import { PHP_CALLS } from './calls.js';

const SQL_METHODS = new Set(['query', 'exec', 'prepare', 'multi_query', 'real_query', 'execute_query']);
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'request']);

function varName(node: SyntaxNode | null | undefined): string | undefined {
  return node?.type === 'variable_name' ? named(node)[0]?.text : undefined;
}

function unescapeDouble(s: string): string {
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', $: '$', '"': '"', '\\': '\\' };
  return s.replace(/\\(.)/g, (m, c: string) => map[c] ?? m);
}

function stringValue(run: ScriptRun, node: SyntaxNode): V {
  if (node.type === 'string') {
    const content = named(node)
      .map((c) => c.text)
      .join('');
    return str(content.replace(/\\(['\\])/g, '$1'));
  }
  // encapsed_string / heredoc: literal parts and interpolated expressions
  const parts: V[] = [];
  for (const c of named(node)) {
    if (c.type === 'string_content' || c.type === 'string_value') parts.push(str(unescapeDouble(c.text)));
    else if (c.type === 'escape_sequence') parts.push(str(unescapeDouble(c.text)));
    else if (c.type === 'heredoc_body') parts.push(stringValue(run, c));
    else if (c.type !== 'heredoc_start' && c.type !== 'heredoc_end') parts.push(run.expr(c));
  }
  return concat(parts);
}

function args(run: ScriptRun, node: SyntaxNode): V[] {
  const list = node.childForFieldName('arguments') ?? named(node).find((c) => c.type === 'arguments');
  if (!list) return [];
  return named(list).map((a) => run.expr(a.type === 'argument' ? named(a).at(-1) : a));
}

function call(run: ScriptRun, node: SyntaxNode): V {
  const fn = node.childForFieldName('function');
  const name = fn?.text.replace(/^\\/, '').toLowerCase() ?? '';
  const a = args(run, node);
  if (name === 'define') {
    if (a[0]?.k === 'str' && a[1]) run.scope.set(`const:${a[0].s}`, a[1]);
    return UNKNOWN;
  }
  if (name === 'putenv') {
    const m = /^(\w+)=(.*)$/s.exec(asStr(a[0]).s);
    if (m) run.sink.env[m[1] as string] = m[2] as string;
    return UNKNOWN;
  }
  const own = run.functions.get(name);
  if (own) return userCall(run, own, a);
  return PHP_CALLS.get(name)?.(run, a, lineOf(node), name) ?? UNKNOWN;
}

/** PHP's own constants that name parts of paths, as on the Linux servers dfmap maps. */
const PREDEFINED = new Map<string, V>([
  ['DIRECTORY_SEPARATOR', str('/')],
  ['PATH_SEPARATOR', str(':')],
  ['PHP_EOL', str('\n')],
  ['PHP_OS', str('Linux')],
  ['PHP_OS_FAMILY', str('Linux')],
]);

/** Variables every PHP function sees without `global`. */
const SUPERGLOBALS = new Set([
  '_SERVER',
  '_ENV',
  '_GET',
  '_POST',
  '_REQUEST',
  '_COOKIE',
  '_FILES',
  'GLOBALS',
]);
const functionNames = new WeakMap<
  SyntaxNode,
  { params: string[]; globals: Set<string>; assigned: Set<string> }
>();

function namesOf(def: SyntaxNode): { params: string[]; globals: Set<string>; assigned: Set<string> } {
  const known = functionNames.get(def);
  if (known) return known;
  const params: string[] = [];
  const plist = def.childForFieldName('parameters');
  for (const p of plist ? named(plist) : []) {
    const n = varName(p.childForFieldName('name') ?? named(p).find((c) => c.type === 'variable_name'));
    if (n) params.push(n);
  }
  const globals = new Set<string>();
  for (const g of def.descendantsOfType('global_declaration'))
    for (const v of g ? named(g) : []) {
      const n = varName(v);
      if (n) globals.add(n);
    }
  const assigned = new Set<string>();
  for (const a of def.descendantsOfType(['assignment_expression', 'augmented_assignment_expression'])) {
    const n = varName(a?.childForFieldName('left'));
    if (n) assigned.add(n);
  }
  const names = { params, globals, assigned };
  functionNames.set(def, names);
  return names;
}

/**
 * A call of a function the script (or a file it includes) defines: PHP functions see only their
 * parameters, the globals they declare with `global`, superglobals and constants, so the
 * caller's variables are hidden for the call and come back after it.
 */
function userCall(run: ScriptRun, def: SyntaxNode, a: V[]): V {
  const { params, globals, assigned } = namesOf(def);
  const hidden = [...run.scope.keys()].filter(
    (k) => !k.startsWith('const:') && !SUPERGLOBALS.has(k) && !globals.has(k),
  );
  const locals = new Set([...hidden, ...params, ...assigned].filter((n) => !globals.has(n)));
  return run.callFunction(
    def,
    a,
    locals,
    () => {
      for (const k of hidden) run.scope.delete(k);
      const plist = def.childForFieldName('parameters');
      const list = plist ? named(plist) : [];
      params.forEach((name, i) => {
        const fallback = list[i]?.childForFieldName('default_value');
        run.scope.set(name, a[i] ?? (fallback ? run.expr(fallback) : UNKNOWN));
      });
    },
    () => {
      run.walk(def.childForFieldName('body'));
      return undefined;
    },
  );
}

/** Functions are known before the walk reaches their calls (PHP declares them when a file loads). */
function declareFunctions(run: ScriptRun, root: SyntaxNode): void {
  for (const c of named(root)) {
    const name =
      c.type === 'function_definition' ? c.childForFieldName('name')?.text.toLowerCase() : undefined;
    if (name) run.functions.set(name, c);
  }
}

const FUNCTION_NODES = new Set([
  'function_definition',
  'method_declaration',
  'anonymous_function',
  'arrow_function',
]);
/** The top-level `return` values of the files being included (innermost last). */
const includeReturns = new WeakMap<ScriptRun, V[][]>();

/** `require_once __DIR__ . '/config.php'`: the file runs here, in this scope. */
function include(run: ScriptRun, node: SyntaxNode): V {
  const target = asStr(run.expr(named(node).at(-1)));
  const text = target.s.trim();
  if (text === '' || text.startsWith('*') || !/\.(php|inc|conf|cfg|phtml)$/i.test(text)) return UNKNOWN;
  // relative: the include path's `.` (the working directory), then the including file's directory
  const candidates = text.startsWith('/')
    ? [text]
    : [joinServer(run.ctx.cwd, text), joinServer(dirname(run.sink.currentFile), text)];
  const path = candidates.find((p) => !p.includes('*') && run.ctx.fs.isFile(p));
  if (!path) return UNKNOWN;
  const once = node.type.includes('_once');
  if (once && walkedInline(run, path)) return str('1');
  const returns = includeReturns.get(run) ?? [];
  includeReturns.set(run, returns);
  returns.push([]);
  const ok = walkInline(run, path, 'php', () => {
    const saved = [run.scope.get('const:__DIR__'), run.scope.get('const:__FILE__')];
    run.scope.set('const:__DIR__', str(dirname(path)));
    run.scope.set('const:__FILE__', str(path));
    return () => {
      run.scope.set('const:__DIR__', saved[0] ?? UNKNOWN);
      run.scope.set('const:__FILE__', saved[1] ?? UNKNOWN);
    };
  });
  const value = returns.pop()?.[0];
  if (!ok) return UNKNOWN;
  run.sink.invoke(
    str(path, target.via),
    [],
    'php',
    lineOf(node),
    node.type.replace(/_expression$/, ''),
    true,
  );
  return value ?? str('1');
}

/** A `return`: the value of the function call being walked, or (outside any function) of the include. */
function topLevelReturn(run: ScriptRun, node: SyntaxNode): void {
  const value = run.expr(named(node)[0]);
  for (let p = node.parent; p; p = p.parent)
    if (FUNCTION_NODES.has(p.type)) {
      if (p.type === 'function_definition') run.returned(value);
      return;
    }
  includeReturns.get(run)?.at(-1)?.push(value);
}

function newObject(run: ScriptRun, node: SyntaxNode): V {
  const cls = named(node).find((c) => c.type === 'name' || c.type === 'qualified_name');
  const name = cls?.text.replace(/^.*\\/, '').toLowerCase() ?? '';
  const a = args(run, node);
  if (name === 'dotenv') return dotenvLoader(a);
  if (name === 'client' && /guzzle/i.test(cls?.text ?? '')) return { k: 'obj', props: guzzleBase(a[0]) };
  return PHP_CALLS.get(name)?.(run, a, lineOf(node), name) ?? UNKNOWN;
}

/** The key under which a value stands for a Dotenv loader (the `.env` file it reads). */
const DOTENV_FILE = '\0dotenv';
/** The key under which a value stands for an HTTP client's `base_uri` (Guzzle). */
const BASE_URI = '\0base_uri';

/** `new Dotenv\Dotenv(DIR [, NAME])` (phpdotenv 2-3) and `Dotenv::createImmutable(DIR [, NAME])`. */
function dotenvLoader(a: V[]): V {
  const dir = asStr(a[0]);
  const name = a[1]?.k === 'str' ? a[1].s : '.env';
  return { k: 'obj', props: new Map([[DOTENV_FILE, str(joinServer(dir.s, name), dir.via)]]) };
}

/** `$dotenv->load()`: the file's variables join the environment `getenv()` and `$_ENV` read. */
function loadDotenv(run: ScriptRun, file: V, line: number, method: string): void {
  const vars = readConfig(run.sink, file, line, `Dotenv->${method}()`);
  if (vars.k !== 'obj') return;
  const env = run.scope.get('_ENV');
  for (const [k, v] of vars.props) {
    if (v.k !== 'str') continue;
    if (method !== 'overload' && run.sink.env[k] !== undefined) continue;
    run.sink.env[k] = v.s;
    if (env?.k === 'obj') env.props.set(k, v);
  }
}

/** Guzzle's `['base_uri' => URL]`: relative request paths resolve against it. */
function guzzleBase(opts: V | undefined): Map<string, V> {
  const base = member(opts, 'base_uri');
  return new Map(base.k === 'str' ? [[BASE_URI, base]] : []);
}

/** A request path resolved against a client's `base_uri` (RFC 3986: `/x` replaces the base's path). */
function againstBase(recv: V, url: V): V {
  const base = member(recv, BASE_URI);
  const u = asStr(url);
  if (base.k !== 'str' || /^[a-z][\w+.-]*:/i.test(u.s)) return url;
  const b = base.s;
  const origin = /^([a-z][\w+.-]*:\/\/[^/]*)/i.exec(b)?.[1];
  if (!origin) return url;
  if (u.s.startsWith('/')) return concat([str(origin, base.via), url]);
  return concat([str(b.endsWith('/') ? b : b.slice(0, b.lastIndexOf('/') + 1), base.via), url]);
}

/** Request options that send a body; a POST without one carries nothing out but its URL. */
const BODY_OPTIONS = ['body', 'json', 'form_params', 'multipart'];

/** `$pdo->query($sql)`, `$client->get($url)`: SQL on connections, HTTP on clients. */
function methodCall(run: ScriptRun, node: SyntaxNode): V {
  const recv = run.expr(node.childForFieldName('object'));
  const method = node.childForFieldName('name')?.text.toLowerCase() ?? '';
  const a = args(run, node);
  const line = lineOf(node);
  if (SQL_METHODS.has(method) && recv.k === 'db' && a[0]) {
    run.sink.sql(a[0], recv.sql, line, `->${method}()`);
    return recv;
  }
  // a whole SQL statement given to a method of an object the walk could not follow (a project's
  // own database wrapper): SQL run on an unknown connection, at `heuristic`
  const first = a[0] ? asStr(a[0]) : undefined;
  if (recv.k !== 'db' && first && !first.s.includes('*') && SQL_STATEMENT.test(first.s)) {
    run.sink.sql(first, { dialect: 'unknown' }, line, `->${method}()`, 'heuristic');
    return UNKNOWN;
  }
  const dotenvFile = member(recv, DOTENV_FILE);
  if (dotenvFile.k === 'str' && /^(safe)?load$|^overload$/.test(method)) {
    loadDotenv(run, dotenvFile, line, method);
    return UNKNOWN;
  }
  if (HTTP_METHODS.has(method)) {
    const [verb, rawUrl, opts] =
      method === 'request' ? [asStr(a[0]).s.toLowerCase(), a[1], a[2]] : [method, a[0], a[1]];
    const url = rawUrl && againstBase(recv, rawUrl);
    if (url && /^https?:\/\//i.test(asStr(url).s)) {
      // a POST whose known options send no body asks for data (an RPC-style read)
      const bodiless = opts?.k === 'obj' && !BODY_OPTIONS.some((o) => opts.props.has(o));
      const sends = /^(put|patch|delete)$/.test(verb) || (verb === 'post' && !bodiless);
      run.sink.endpoint(sends ? 'write' : 'read', url, line, `->${method}()`);
    }
  }
  return recv.k === 'db' ? recv : UNKNOWN;
}

function subscript(run: ScriptRun, node: SyntaxNode): V {
  const [base, index] = named(node);
  const v = run.expr(base);
  const key = index ? run.expr(index) : UNKNOWN;
  const got = member(v, key);
  return got.k === 'unknown' ? got : viaVar(got);
}

function assign(run: ScriptRun, node: SyntaxNode, augmented: boolean): V {
  const left = node.childForFieldName('left');
  let v = run.expr(node.childForFieldName('right'));
  const name = varName(left);
  if (augmented) {
    const op = node.childForFieldName('operator')?.text;
    v = op === '.=' && name ? concat([run.lookup(name), v]) : UNKNOWN;
  }
  if (name) run.scope.set(name, v);
  else if (left?.type === 'subscript_expression') {
    const [base, index] = named(left);
    const bn = varName(base);
    const key = index ? asStr(run.expr(index)).s : undefined;
    if (bn && key && !key.includes('*')) {
      const cur = run.scope.get(bn);
      const props = cur?.k === 'obj' ? cur.props : new Map<string, V>();
      props.set(key, v);
      run.scope.set(bn, { k: 'obj', props });
    }
  }
  return v;
}

function arrayLiteral(run: ScriptRun, node: SyntaxNode): V {
  const items: V[] = [];
  const props = new Map<string, V>();
  for (const el of named(node)) {
    if (el.type !== 'array_element_initializer') continue;
    const parts = named(el);
    if (parts.length === 2) props.set(asStr(run.expr(parts[0])).s, run.expr(parts[1]));
    else items.push(run.expr(parts[0]));
  }
  return props.size > 0 ? { k: 'obj', props } : { k: 'list', items };
}

export const phpHooks: LanguageHooks = {
  grammar: 'php',
  prelude(run) {
    const argv = [run.ctx.path, ...run.ctx.args].map((x) => str(x, true));
    run.scope.set('argv', { k: 'list', items: argv });
    run.scope.set('argc', str(String(argv.length)));
    run.scope.set('_SERVER', { k: 'obj', props: new Map([['argv', { k: 'list', items: argv } as V]]) });
    run.scope.set('_ENV', {
      k: 'obj',
      props: new Map(Object.entries(run.ctx.env).map(([k, v]) => [k, str(v, true)] as const)),
    });
    run.scope.set('const:__DIR__', str(dirname(run.ctx.path)));
    run.scope.set('const:__FILE__', str(run.ctx.path));
  },
  statement(run, node) {
    switch (node.type) {
      case 'program':
        declareFunctions(run, node);
        for (const c of named(node)) run.walk(c);
        return true;
      case 'function_definition': {
        const name = node.childForFieldName('name')?.text.toLowerCase();
        if (name) run.functions.set(name, node);
        run.defer(node, () => run.walk(node.childForFieldName('body')));
        return true;
      }
      case 'foreach_statement': {
        const [over, target] = named(node);
        const list = run.expr(over);
        const name = varName(target) ?? (target?.type === 'pair' ? varName(named(target)[1]) : undefined);
        if (name)
          run.loop(
            name,
            list.k === 'obj' ? { k: 'list', items: [...list.props.values()] } : list,
            node.childForFieldName('body'),
          );
        else run.walk(node.childForFieldName('body'));
        return true;
      }
      case 'const_declaration':
        for (const el of named(node).filter((c) => c.type === 'const_element')) {
          const [n, v] = named(el);
          if (n) run.scope.set(`const:${n.text}`, run.expr(v));
        }
        return true;
      case 'return_statement':
        topLevelReturn(run, node);
        return true;
      case 'text':
      case 'comment':
        return true;
      default:
        return false;
    }
  },
  expr(run, node) {
    switch (node.type) {
      case 'string':
      case 'encapsed_string':
      case 'heredoc':
      case 'nowdoc':
        return stringValue(run, node);
      case 'integer':
      case 'float':
      case 'boolean':
        return str(node.text);
      case 'variable_name': {
        const v = run.scope.get(varName(node) ?? '');
        return v ? viaVar(v) : UNKNOWN;
      }
      case 'name':
        // an undefined constant is unknown (PHP 8 throws; PHP 7 used its name, a path dfmap would invent)
        return run.scope.get(`const:${node.text}`) ?? PREDEFINED.get(node.text) ?? UNKNOWN;
      case 'function_call_expression':
        return call(run, node);
      case 'include_expression':
      case 'include_once_expression':
      case 'require_expression':
      case 'require_once_expression':
        return include(run, node);
      case 'object_creation_expression':
        return newObject(run, node);
      case 'member_call_expression':
      case 'nullsafe_member_call_expression':
        return methodCall(run, node);
      case 'scoped_call_expression': {
        // `Dotenv\Dotenv::createImmutable(__DIR__)` and its siblings (phpdotenv 4-5)
        const scope = node.childForFieldName('scope')?.text ?? '';
        const fn = node.childForFieldName('name')?.text ?? '';
        if (/(^|\\)Dotenv$/.test(scope) && /^create/.test(fn)) return dotenvLoader(args(run, node));
        return undefined;
      }
      case 'subscript_expression':
        return subscript(run, node);
      case 'assignment_expression':
        return assign(run, node, false);
      case 'augmented_assignment_expression':
        return assign(run, node, true);
      case 'binary_expression': {
        const op = node.childForFieldName('operator')?.text;
        const l = run.expr(node.childForFieldName('left'));
        const r = run.expr(node.childForFieldName('right'));
        if (op === '.') return concat([l, r]);
        if (op === '??' || op === '?:' || op === '||') return l.k === 'unknown' ? r : l;
        return UNKNOWN;
      }
      case 'parenthesized_expression':
        return run.expr(named(node)[0]);
      case 'array_creation_expression':
        return arrayLiteral(run, node);
      case 'shell_command_expression': {
        const v = stringValue(run, node);
        run.sink.command(v, lineOf(node), 'backticks');
        return UNKNOWN;
      }
      default:
        return undefined;
    }
  },
};
