/**
 * Maps made elsewhere are input like any other: every attribute the commands read is checked by
 * type on load, so a numeric `path`, `evidence: [null]` or a confidence of `constructor` is one
 * clear error naming the node or link (exit 2), never a stack trace in an exporter or a prototype
 * property printed as data. Attributes dfmap does not know are kept as they are.
 */
import { ConfigError } from '../model/errors.js';
import { CONFIDENCES, METHODS } from '../model/kinds.js';

const STRING_NODE_ATTRS = [
  'label',
  'path',
  'name',
  'url',
  'namespace',
  'schedule',
  'command',
  'user',
  'scheduler',
  'source',
  'language',
  'host',
] as const;
const BOOLEAN_NODE_ATTRS = ['partial', 'missing'] as const;
const CONFIDENCE_SET: ReadonlySet<unknown> = new Set(CONFIDENCES);
const METHOD_SET: ReadonlySet<unknown> = new Set(METHODS);

const HINT = 'fix the map where it was made, or rescan with `dfmap scan`';

function typeName(v: unknown): string {
  return v === null
    ? 'null'
    : Array.isArray(v)
      ? 'an array'
      : typeof v === 'object'
        ? 'an object'
        : `a ${typeof v}`;
}

function bad(file: string, where: string, what: string): ConfigError {
  return new ConfigError(`${file}: ${where}: ${what}.`, { hint: HINT });
}

/** Check a node's known attributes by type; throws a ConfigError naming the node. */
export function validateNodeAttributes(attrs: Record<string, unknown>, id: string, file: string): void {
  const where = `node ${JSON.stringify(id)}`;
  for (const k of STRING_NODE_ATTRS) {
    const v = attrs[k];
    if (v !== undefined && typeof v !== 'string')
      throw bad(file, where, `"${k}" must be a string, not ${typeName(v)}`);
  }
  for (const k of BOOLEAN_NODE_ATTRS) {
    const v = attrs[k];
    if (v !== undefined && typeof v !== 'boolean')
      throw bad(file, where, `"${k}" must be true or false, not ${typeName(v)}`);
  }
  const line = attrs.line;
  if (line !== undefined && !(typeof line === 'number' && Number.isFinite(line)))
    throw bad(file, where, `"line" must be a number, not ${typeName(line)}`);
}

/** Check a link's confidence, method and evidence; throws a ConfigError naming the link. */
export function validateLinkAttributes(
  attrs: Record<string, unknown>,
  source: string,
  target: string,
  file: string,
): void {
  const where = `link ${JSON.stringify(source)} -> ${JSON.stringify(target)}`;
  const c = attrs.confidence;
  if (c !== undefined && !CONFIDENCE_SET.has(c))
    throw bad(file, where, `confidence ${JSON.stringify(c)} is not one of ${CONFIDENCES.join(', ')}`);
  const m = attrs.method;
  if (m !== undefined && !METHOD_SET.has(m))
    throw bad(file, where, `method ${JSON.stringify(m)} is not one of ${METHODS.join(', ')}`);
  const ev = attrs.evidence;
  if (ev === undefined) return;
  if (!Array.isArray(ev)) throw bad(file, where, `"evidence" must be an array, not ${typeName(ev)}`);
  for (let i = 0; i < ev.length; i++) validateEvidence(ev[i], `${where}, evidence ${i}`, file);
}

function validateEvidence(e: unknown, where: string, file: string): void {
  if (typeof e !== 'object' || e === null || Array.isArray(e))
    throw bad(file, where, `expected an object, not ${typeName(e)}`);
  const r = e as Record<string, unknown>;
  for (const k of ['file', 'construct', 'snippet'] as const) {
    if (r[k] !== undefined && typeof r[k] !== 'string')
      throw bad(file, where, `"${k}" must be a string, not ${typeName(r[k])}`);
  }
  if (r.line !== undefined && !(typeof r.line === 'number' && Number.isFinite(r.line)))
    throw bad(file, where, `"line" must be a number, not ${typeName(r.line)}`);
  if (r.method !== undefined && !METHOD_SET.has(r.method))
    throw bad(file, where, `method ${JSON.stringify(r.method)} is not one of ${METHODS.join(', ')}`);
}

/**
 * graphology 0.26 keeps each node's neighbours in plain objects, so a node named like a property of
 * Object.prototype (`toString`, `constructor`, `__proto__`) reads as an edge that already exists.
 * The commands that build a graphology graph (export, view) refuse such an id clearly; the analyses
 * index nodes in a Map and read these maps as they are.
 */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  '__proto__',
]);

export function checkGraphId(id: string, file: string): void {
  if (PROTOTYPE_NAMES.has(id))
    throw new ConfigError(
      `${file}: node ${JSON.stringify(id)}: this id cannot be loaded into a graph for export or view.`,
      {
        hint: 'rename the node (a dfmap map names nodes kind:path, e.g. file:/data/x); the analyses read it as it is',
      },
    );
}
