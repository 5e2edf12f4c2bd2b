/**
 * Mark files that are not data (logs, locks, temporary files) with `role`, from their path and
 * from how they are written (model/file-role.ts). Run once after the graph is built.
 */
import { type FileRole, roleOfPath, roleOfWrite } from '../model/file-role.js';
import type { DataflowGraph } from './types.js';

export function assignFileRoles(g: DataflowGraph): void {
  g.forEachNode((node, attrs) => {
    if (attrs.kind !== 'file' || attrs.role !== undefined) return;
    let role: FileRole | undefined = typeof attrs.path === 'string' ? roleOfPath(attrs.path) : undefined;
    if (!role) {
      g.forEachInEdge(node, (_e, edge) => {
        if (role || edge.kind !== 'writes') return;
        for (const ev of edge.evidence) {
          role = roleOfWrite(ev.construct.replace(/^cron line: /, ''));
          if (role) break;
        }
      });
    }
    if (role) g.setNodeAttribute(node, 'role', role);
  });
}
