/**
 * A map small enough to read on a terminal, as an outline: each job, the scripts it runs (and
 * what they run), and what each reads and writes.
 */
import type { DataflowGraph, EdgeSources } from '../graph/types.js';
import type { NodeAttributes } from '../model/node.js';
import type { Colors } from './io.js';

function name(a: NodeAttributes, id: string): string {
  if (a.kind === 'table' && a.namespace) return `${a.name} (${a.namespace})`;
  return (a.path ?? a.url ?? a.name ?? id) as string;
}

/**
 * With observed evidence merged (`graph.observed`), each edge of a traced script says whether the
 * runs agreed: `[observed only]` (a hidden dependency), `[never observed]` (dead code or a rare branch).
 */
function agreement(g: DataflowGraph, from: string, to: string, owner: string, c: Colors): string {
  if (!g.getAttribute('observed')) return '';
  const s = g.getEdgeAttribute(from, to, 'sources') as EdgeSources | undefined;
  if (s?.observed && !s.static) return c.green(' [observed only]');
  if (s?.observed?.missing && !s.observed.count) return c.red(' [missing when run]');
  if (!s?.observed && ((g.getNodeAttribute(owner, 'observedRuns') as number | undefined) ?? 0) > 0)
    return c.dim(' [never observed]');
  return '';
}

export function formatOutline(g: DataflowGraph, c: Colors): string[] {
  const lines: string[] = [];
  const jobs = g
    .filterNodes((_n, a) => a.kind === 'job')
    .sort((x, y) => {
      const ax = g.getNodeAttributes(x);
      const ay = g.getNodeAttributes(y);
      return (
        String(ax.source).localeCompare(String(ay.source)) || Number(ax.line ?? 0) - Number(ay.line ?? 0)
      );
    });
  const seen = new Set<string>();
  const script = (id: string, depth: number) => {
    const a = g.getNodeAttributes(id);
    const pad = '  '.repeat(depth);
    const flag = a.missing ? c.red(' (missing)') : '';
    lines.push(`${pad}${c.bold(name(a, id))}${flag}`);
    if (seen.has(id)) {
      lines.push(`${pad}  ${c.dim('(shown above)')}`);
      return;
    }
    seen.add(id);
    const reads = g.inNeighbors(id).filter((n) => g.getEdgeAttribute(n, id, 'kind') === 'reads');
    const writes = g.outNeighbors(id).filter((n) => g.getEdgeAttribute(id, n, 'kind') === 'writes');
    for (const r of reads.sort())
      lines.push(`${pad}  ${c.cyan('<-')} ${name(g.getNodeAttributes(r), r)}${agreement(g, r, id, id, c)}`);
    for (const w of writes.sort())
      lines.push(
        `${pad}  ${c.magenta('->')} ${name(g.getNodeAttributes(w), w)}${agreement(g, id, w, id, c)}`,
      );
    for (const callee of g
      .outNeighbors(id)
      .filter((n) => g.getEdgeAttribute(id, n, 'kind') === 'invokes')
      .sort()) {
      if (depth < 6) script(callee, depth + 1);
    }
  };
  for (const j of jobs) {
    const a = g.getNodeAttributes(j);
    lines.push(`${c.yellow(String(a.schedule))}  ${c.dim(`${a.source}${a.line ? `:${a.line}` : ''}`)}`);
    for (const s of g.outNeighbors(j).sort()) if (g.getNodeAttribute(s, 'kind') === 'script') script(s, 1);
  }
  const orphans = g.filterNodes((n, a) => a.kind === 'script' && !seen.has(n) && g.inDegree(n) === 0);
  if (orphans.length) {
    lines.push(c.yellow('not scheduled (--include)'));
    for (const o of orphans.sort()) script(o, 1);
  }
  return lines;
}
