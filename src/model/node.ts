import type { Evidence } from './evidence.js';
import type { Confidence, EdgeKind, Method, NodeKind } from './kinds.js';

/**
 * Node attributes as stored in the map (NetworkX node-link: every attribute sits beside `id`).
 * Identity follows the OpenLineage naming spec: a dataset is namespace + name
 * (`file://HOST` + path, `mysql://HOST:PORT` + `db.table`, `postgres://HOST:PORT` + `db.schema.table`,
 * `s3://bucket` + key).
 */
export interface NodeAttributes {
  kind: NodeKind;
  /** Short human label (basename, table name, schedule + command). */
  label?: string;
  /** scripts and files: absolute server path; may contain `*` for what static analysis cannot know. */
  path?: string;
  /** tables: the name as qualified (db.table, schema.table); databases: the engine name. */
  name?: string;
  /** endpoints and databases: the URL, never with credentials. */
  url?: string;
  /** OpenLineage namespace of a dataset. */
  namespace?: string;
  /** jobs: the schedule as written (`0 2 * * *`, `@daily`, an `OnCalendar=` value). */
  schedule?: string;
  /** jobs: the command as written (redacted). */
  command?: string;
  /** jobs: the user it runs as, where the scheduler says. */
  user?: string;
  /** jobs: which scheduler (`cron`, `systemd`, `anacron`, `run-parts`). */
  scheduler?: string;
  /** jobs: the file and line that define it. */
  source?: string;
  line?: number;
  /** scripts: `python`, `shell`, `perl`, `sql`, ... */
  language?: string;
  /** Some part of the identity is unknown (`*`). */
  partial?: boolean;
  /** A script a job names but that does not exist under ROOT. */
  missing?: boolean;
  host?: string;
  [attr: string]: unknown;
}

export interface EdgeAttributes {
  kind: EdgeKind;
  confidence: Confidence;
  method: Method;
  evidence: Evidence[];
  [attr: string]: unknown;
}

/** A node as an extractor names it: the key is the identity, attributes are merged on insert. */
export interface NodeSpec {
  key: string;
  attrs: NodeAttributes;
}
