/**
 * `import x` and `from x import y`: local modules (found on the server) are parsed and run for
 * their names, and recorded as imports of the script; anything else is a library, known by name.
 */

import { assign, type Frame, type Interp, lookup, type ModuleState } from './frame.js';
import { findModule, parseModule } from './modules.js';
import { fieldAll, named } from './nodes.js';
import { snippetOf } from './recorder.js';
import { lineOf, type PyNode } from './tree.js';
import { UNKNOWN, type Value } from './value.js';

const MAX_MODULES = 40;
const MAX_IMPORT_DEPTH = 4;

function loadLocal(
  interp: Interp,
  frame: Frame,
  at: PyNode,
  dotted: string,
  level: number,
): ModuleState | undefined {
  const path = findModule(interp, frame.module, dotted, level);
  if (!path || path === interp.ctx.path) return undefined;
  let mod = interp.modules.get(path);
  if (mod === undefined) {
    if (interp.modules.size >= MAX_MODULES || interp.importDepth >= MAX_IMPORT_DEPTH) return undefined;
    mod = parseModule(interp, path);
    interp.modules.set(path, mod);
    if (mod) {
      interp.importDepth++;
      try {
        interp.hooks.runModule(mod);
      } finally {
        interp.importDepth--;
      }
    }
  }
  if (mod && frame.emit && !frame.module.imported) {
    interp.rec.invoke(frame, {
      path,
      args: [],
      mode: 'import',
      language: 'python',
      evidence: {
        file: frame.module.path,
        line: lineOf(at),
        construct: level > 0 || at.type === 'import_from_statement' ? 'from ... import' : 'import',
        method: 'static',
        snippet: snippetOf(frame.module.lines[at.row]?.trim() ?? ''),
      },
      confidence:
        interp.sysPath.length > 0 && !path.startsWith(`${frame.module.dir}/`) ? 'resolved' : 'exact',
    });
  }
  return mod ?? undefined;
}

export function runImport(interp: Interp, frame: Frame, st: PyNode): void {
  for (const c of fieldAll(st, 'name')) {
    const nameNode = c.type === 'aliased_import' ? c.childForFieldName('name') : c;
    const alias = c.type === 'aliased_import' ? c.childForFieldName('alias')?.text : undefined;
    const dotted = nameNode?.text.replace(/\s+/g, '') ?? '';
    if (!dotted) continue;
    const first = dotted.split('.')[0] as string;
    const mod = loadLocal(interp, frame, st, dotted, 0);
    const target = alias ?? (mod && !dotted.includes('.') ? dotted : first);
    // `try: import json / except ImportError: import simplejson as json`: the first one found wins
    if (!mod && lookup(frame, target)?.k === 'ref') continue;
    if (mod && (alias || !dotted.includes('.'))) assign(frame, target, { k: 'module', mod });
    else assign(frame, target, { k: 'ref', name: alias ? dotted : first });
  }
}

export function runImportFrom(interp: Interp, frame: Frame, st: PyNode): void {
  const modNode = st.childForFieldName('module_name');
  if (!modNode) return;
  let level = 0;
  let dotted = modNode.text.replace(/\s+/g, '');
  if (modNode.type === 'relative_import') {
    level = /^\.*/.exec(dotted)?.[0].length ?? 0;
    dotted = dotted.slice(level);
  }
  const mod = loadLocal(interp, frame, st, dotted, level);
  if (named(st).some((c) => c.type === 'wildcard_import')) {
    if (mod) for (const [k, v] of mod.globals) if (!k.startsWith('_')) assign(frame, k, v);
    return;
  }
  for (const c of fieldAll(st, 'name')) {
    const nameNode = c.type === 'aliased_import' ? c.childForFieldName('name') : c;
    const alias = c.type === 'aliased_import' ? c.childForFieldName('alias')?.text : undefined;
    const name = nameNode?.text.replace(/\s+/g, '') ?? '';
    if (name) assign(frame, alias ?? name, importedName(interp, frame, st, { mod, dotted, level, name }));
  }
}

/** `from X import name`: a global of local module X, a submodule, or a library name. */
function importedName(
  interp: Interp,
  frame: Frame,
  st: PyNode,
  at: { mod: ModuleState | undefined; dotted: string; level: number; name: string },
): Value {
  const { mod, dotted, level, name } = at;
  const v = mod?.globals.get(name);
  if (v !== undefined) return v;
  if (mod || level > 0) {
    const sub = loadLocal(interp, frame, st, dotted ? `${dotted}.${name}` : name, level);
    if (sub) return { k: 'module', mod: sub };
  }
  return mod ? UNKNOWN : { k: 'ref', name: dotted ? `${dotted}.${name}` : name };
}
