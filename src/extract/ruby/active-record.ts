/**
 * ActiveRecord models: `class Order < ActiveRecord::Base` (or `< ApplicationRecord`) stands for a
 * table, `orders` by Rails' convention (the class name in snake case, plural) unless the class
 * sets `self.table_name = 'x'`. Finder and calculation methods on the class read the table; a
 * record they give back is written by `update`/`save`/`destroy`; `create`, `update_all`,
 * `insert_all`, `delete_all` on the class write it.
 */

import { str, type V } from '../kit/value.js';
import type { ScriptRun } from '../kit/walk.js';
import type { SyntaxNode } from '../parse/tree-sitter.js';
import type { SqlContext } from '../types.js';

/** The key under which a value stands for a model's records (the table's name). */
export const MODEL_TABLE = '\0ar_table';

const BASES = /^(::)?(ActiveRecord::Base|ApplicationRecord)$/;

const READS = new Set([
  'all',
  'where',
  'not',
  'find',
  'find_by',
  'find_by!',
  'find_by_sql',
  'find_each',
  'find_in_batches',
  'in_batches',
  'first',
  'first!',
  'last',
  'last!',
  'take',
  'order',
  'limit',
  'offset',
  'select',
  'includes',
  'joins',
  'group',
  'distinct',
  'pluck',
  'ids',
  'count',
  'sum',
  'average',
  'minimum',
  'maximum',
  'exists?',
  'any?',
  'none?',
  'each',
  'map',
  'to_a',
]);
const CLASS_WRITES = new Set([
  'create',
  'create!',
  'insert',
  'insert!',
  'insert_all',
  'insert_all!',
  'upsert',
  'upsert_all',
  'update_all',
  'delete_all',
  'destroy_all',
  'delete_by',
  'destroy_by',
  'import',
]);
const RECORD_WRITES = new Set([
  'update',
  'update!',
  'update_attributes',
  'update_attributes!',
  'update_attribute',
  'update_column',
  'update_columns',
  'save',
  'save!',
  'destroy',
  'destroy!',
  'delete',
  'increment!',
  'decrement!',
  'toggle!',
  'touch',
]);
/** Both: the row is looked for, and made when missing. */
const READ_WRITES = new Set([
  'find_or_create_by',
  'find_or_create_by!',
  'first_or_create',
  'first_or_create!',
]);

/** The table of a class that extends ActiveRecord, or undefined. */
export function modelTable(cls: SyntaxNode, superclass: string | undefined): string | undefined {
  if (!superclass || !BASES.test(superclass)) return undefined;
  const set = /self\.table_name\s*=\s*['"]([\w.]+)['"]/.exec(cls.text);
  if (set) return set[1];
  const name = (cls.childForFieldName('name')?.text ?? '').replace(/^.*::/, '');
  return name ? tableize(name) : undefined;
}

/** `ContactInfo` -> `contact_infos`, `Category` -> `categories`, `Address` -> `addresses`. */
export function tableize(name: string): string {
  const snake = name
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
  if (/[^aeiou]y$/.test(snake)) return `${snake.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(snake)) return `${snake}es`;
  return `${snake}s`;
}

/**
 * A method called on a model class (`fromClass`) or on records of it: the table is read or
 * written, and a value standing for its records comes back. Undefined when the method touches no
 * data the model knows.
 */
export function modelCall(
  run: ScriptRun,
  table: string,
  method: string,
  fromClass: boolean,
  db: SqlContext,
  line: number,
): V | undefined {
  const name = str(table);
  const records: V = { k: 'obj', props: new Map([[MODEL_TABLE, name]]) };
  const construct = `ActiveRecord .${method}`;
  if (READS.has(method)) {
    run.sink.table('read', name, db, line, construct);
    return records;
  }
  if (READ_WRITES.has(method)) {
    run.sink.table('read', name, db, line, construct);
    run.sink.table('write', name, db, line, construct);
    return records;
  }
  if ((fromClass ? CLASS_WRITES : RECORD_WRITES).has(method) || (!fromClass && CLASS_WRITES.has(method))) {
    run.sink.table('write', name, db, line, construct);
    return records;
  }
  return undefined;
}
