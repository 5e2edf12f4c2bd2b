/**
 * The facts of one scan, redacted as they arrive: the main thread waits on the workers most of a
 * scan, so the redaction (and the sort keys) cost nothing there, instead of running alone after
 * the last script. The result is exactly `sanitizeFacts` of the facts sorted as before: edges by
 * (from, to, file, line, construct, snippet) of the unredacted fact, ties in arrival order;
 * diagnostics by location.
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

export class ScanFactsCollector {
  /** Unredacted, as the scan reports them; redacted in the map. */
  readonly diagnostics: Diagnostic[] = [];
  private readonly nodes: NodeSpec[] = [];
  private readonly edges: Array<{ k: string; e: EdgeFact }> = [];
  private readonly sanitizer = new Sanitizer();

  node(n: NodeSpec): void {
    this.nodes.push(this.sanitizer.node(n));
  }

  edge(e: EdgeFact): void {
    this.edges.push({ k: edgeSortKey(e), e: this.sanitizer.edge(e) });
  }

  /**
   * The redacted facts, edges and diagnostics sorted (workers finish in any order: the same server
   * always gives the same map). Sorts `diagnostics` in place too.
   */
  finish(meta: ScanFacts['meta']): ScanFacts {
    this.diagnostics.sort(byLocation);
    this.edges.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    return {
      meta,
      nodes: this.nodes,
      edges: this.edges.map((x) => x.e),
      diagnostics: this.diagnostics.map((d) => this.sanitizer.diag(d)),
    };
  }
}
