/** Line numbers for evidence that was read backwards (and so only knows its byte offset). */
import { ServerFs } from '../../util/server-fs.js';
import type { HealthEvidence } from '../types.js';
import { lineNumbersAt } from './read-backward.js';

/** Give each evidence with an offset its line number, one counting pass per file; edits in place. */
export function numberEvidence(root: string, evidence: Iterable<HealthEvidence>): void {
  const byFile = new Map<string, HealthEvidence[]>();
  const sfs = new ServerFs(root);
  for (const e of evidence) {
    if (!e.file || e.line !== undefined || e.offset === undefined) continue;
    // a log under ROOT is opened where ROOT's own links lead, never where the host's do
    const where = e.source === 'journal' ? undefined : sfs.resolveFile(e.file);
    const local = e.source === 'journal' ? e.file : where?.ok ? where.local : undefined;
    if (!local) continue;
    const list = byFile.get(local);
    if (list) list.push(e);
    else byFile.set(local, [e]);
  }
  for (const [local, list] of byFile) {
    let lines: Map<number, number>;
    try {
      lines = lineNumbersAt(
        local,
        list.map((e) => e.offset!),
      );
    } catch {
      continue;
    }
    for (const e of list) {
      const line = lines.get(e.offset!);
      if (line === undefined) continue;
      e.line = line;
      delete e.offset;
    }
  }
}
