/**
 * dbt's node selection syntax, which data engineers already know
 * (https://docs.getdbt.com/reference/node-selection/graph-operators):
 *   NODE      the node          +NODE   it and everything upstream    NODE+   and downstream
 *   2+NODE+1  depth-limited     @NODE   downstream, plus everything those need
 *   a b       union (space)     a,b     intersection (comma)
 * and methods instead of a name: `kind:table`, `host:etl01`, `path:/data/export/*`,
 * `name:shop.*`, `id:file:/data/x.csv`.
 */
import { UsageError } from '../../model/errors.js';

export const SELECTOR_METHODS = ['kind', 'host', 'path', 'name', 'id'] as const;
export type SelectorMethod = (typeof SELECTOR_METHODS)[number];

export interface SelectorAtom {
  /** As written, for messages. */
  text: string;
  /** A node name to resolve, or a method and its value. */
  name?: string;
  method?: SelectorMethod;
  value?: string;
  /** Steps upstream to add (Infinity for all); 0 for none. */
  parents: number;
  /** Steps downstream to add. */
  children: number;
  /** `@`: downstream and every ancestor of it. */
  at: boolean;
}

/** A union of intersections: `a,b c` is [[a, b], [c]]. */
export type Selection = SelectorAtom[][];

export function parseSelection(text: string): Selection {
  const terms = text.trim().split(/\s+/).filter(Boolean);
  if (terms.length === 0)
    throw new UsageError('empty node selection.', { hint: 'name a node, e.g. 5.py or +orders' });
  return terms.map((term) => term.split(',').filter(Boolean).map(parseAtom));
}

const OPERATORS = /^(@)?(?:(\d*)\+)?(.*?)(?:\+(\d*))?$/;

export function parseAtom(text: string): SelectorAtom {
  const m = OPERATORS.exec(text);
  const body = m?.[3] ?? '';
  if (!m || body === '') {
    throw new UsageError(`cannot read the selector '${text}'.`, {
      hint: 'use NODE, +NODE, NODE+, 2+NODE+1 or @NODE',
    });
  }
  const at = m[1] === '@';
  // an operator group that did not take part is undefined; `+NODE` gives ''
  const parentsText = m[2];
  if (at && parentsText !== undefined) {
    throw new UsageError(`'${text}': @ and a leading + cannot be combined.`, {
      hint: '@NODE already adds the ancestors',
    });
  }
  const atom: SelectorAtom = {
    text,
    parents:
      parentsText === undefined ? 0 : parentsText === '' ? Number.POSITIVE_INFINITY : Number(parentsText),
    children: m[4] === undefined ? 0 : m[4] === '' ? Number.POSITIVE_INFINITY : Number(m[4]),
    at,
  };
  const colon = body.indexOf(':');
  const method = colon > 0 ? body.slice(0, colon) : '';
  if ((SELECTOR_METHODS as readonly string[]).includes(method)) {
    atom.method = method as SelectorMethod;
    atom.value = body.slice(colon + 1);
    if (atom.value === '')
      throw new UsageError(`'${text}': ${method}: needs a value.`, { hint: `e.g. ${example(atom.method)}` });
  } else {
    atom.name = body;
  }
  return atom;
}

function example(method: SelectorMethod): string {
  return {
    kind: 'kind:table',
    host: 'host:etl01',
    path: 'path:/data/export/*',
    name: 'name:shop.*',
    id: 'id:file:/data/x.csv',
  }[method];
}
