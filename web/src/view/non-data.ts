/**
 * Files that are not data (logs, lock and pid files, temporary files; docs/decisions/010): the
 * viewer draws them dimmed, hides them with one control, and leaves them out of the overview's
 * subsystems and flow counts unless they are shown.
 */
import type { DataflowGraph } from '../../../src/graph/types.js';
import { fileRoleOf } from '../../../src/model/file-role.js';

export function isNonData(g: DataflowGraph, id: string): boolean {
  return fileRoleOf(g.getNodeAttributes(id)) !== undefined;
}

/** How many nodes of the map are not data. */
export function countNonData(g: DataflowGraph): number {
  let n = 0;
  g.forEachNode((id) => {
    if (isNonData(g, id)) n++;
  });
  return n;
}
