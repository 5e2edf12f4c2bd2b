/**
 * The exporter contract (depcruise's reporters, knip's plugins): a plain object per format that turns a
 * map into text, bytes or a few named files. Exporters never print and never touch the filesystem;
 * the CLI decides where the result goes.
 */
import type { DataflowGraph } from '../graph/types.js';

/** Several named text files, e.g. nodes.csv + edges.csv. */
export interface ExportFiles {
  files: Array<{ name: string; content: string }>;
}

export type ExportContent = string | Uint8Array | ExportFiles;

export interface ExportOptions {
  /** A title for formats that show one (the HTML viewer, SVG). */
  title?: string;
  /** Job runs seen in the server's records (OpenLineage RunEvents); the CLI reads them through health/. */
  runs?: JobRunRecord[];
}

/** One run of a job: when it started (ISO), how it ended as far as the records say. */
export interface JobRunRecord {
  /** The job's node key. */
  job: string;
  started: string;
  /** When it was due (the schedule's time), if known. */
  due?: string;
  ended?: string;
  outcome: 'COMPLETE' | 'FAIL';
}

export interface Exporter {
  /** The `--format` value. */
  id: string;
  title: string;
  /** File extension without the dot (`''` for a directory of files). */
  extension: string;
  mediaType: string;
  /** `text` prints to a terminal, `binary` needs a file or a pipe, `files` writes into a directory. */
  output: 'text' | 'binary' | 'files';
  export(graph: DataflowGraph, opts: ExportOptions): ExportContent | Promise<ExportContent>;
  /** Advice for the person exporting, e.g. "Mermaid refuses charts over 500 edges". */
  advise?(graph: DataflowGraph): string[];
}

export function isExportFiles(x: ExportContent): x is ExportFiles {
  return typeof x === 'object' && !(x instanceof Uint8Array) && Array.isArray((x as ExportFiles).files);
}
