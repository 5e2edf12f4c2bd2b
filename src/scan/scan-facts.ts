/**
 * The facts of one scan, redacted as they arrive: the main thread waits on the workers most of a
 * scan, so the redaction (and the sort keys) cost nothing there, instead of running alone after
 * the last script. The result is exactly what redacting the sorted facts afterwards gave: edges by
 * (from, to, file, line, construct, snippet) of the unredacted fact, diagnostics by location, ties
 * in the order of the sections (the job lines', then the scripts') and of arrival within each.
 */
import type { EdgeFact, ScanFacts } from '../graph/types.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { NodeSpec } from '../model/node.js';
import { Sanitizer } from './sanitize.js';

function edgeSortKey(e: EdgeFact): string {
  return `${e.from.key}\u0000${e.to.key}\u0000${e.evidence.file}\u0000${String(e.evidence.line).padStart(9)}\u0000${e.evidence.construct}\u0000${e.evidence.snippet ?? ''}`;
}

function byLocation(a: Diagnostic, b: Diagnostic): number {
  const fa = a.location?.file ?? '';
  const fb = b.location?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  return (a.location?.line ?? 0) - (b.location?.line ?? 0) || a.code.localeCompare(b.code);
}

/** Facts from one source, in arrival order. */
export class FactSection {
  /** Unredacted, as the scan reports them; redacted in the map. */
  readonly diagnostics: Diagnostic[] = [];
  readonly nodes: NodeSpec[] = [];
  readonly edges: Array<{ k: string; e: EdgeFact }> = [];

  constructor(private readonly sanitizer: Sanitizer) {}

  node(n: NodeSpec): void {
    this.nodes.push(this.sanitizer.node(n));
  }

  edge(e: EdgeFact): void {
    this.edges.push({ k: edgeSortKey(e), e: this.sanitizer.edge(e) });
  }
}

export class ScanFactsCollector {
  private readonly sanitizer = new Sanitizer();
  /** Discovery's diagnostics and the job lines' failed extractions. */
  readonly discovery = new FactSection(this.sanitizer);
  /** The jobs, what their lines say, and what the scan found besides the jobs (mounts, --include). */
  readonly jobs = new FactSection(this.sanitizer);
  /** The scripts. */
  readonly scripts = new FactSection(this.sanitizer);
  /** Every diagnostic, unredacted, sorted by location (after finish). */
  diagnostics: Diagnostic[] = [];

  /** The redacted facts, edges and diagnostics sorted: the same server always gives the same map. */
  finish(meta: ScanFacts['meta']): ScanFacts {
    const sections = [this.discovery, this.jobs, this.scripts];
    this.diagnostics = sections.flatMap((s) => s.diagnostics).sort(byLocation);
    const edges = sections.flatMap((s) => s.edges);
    edges.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    return {
      meta,
      nodes: sections.flatMap((s) => s.nodes),
      edges: edges.map((x) => x.e),
      diagnostics: this.diagnostics.map((d) => this.sanitizer.diag(d)),
    };
  }
}
