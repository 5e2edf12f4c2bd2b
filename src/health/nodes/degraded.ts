/**
 * The failure that hides: an output written on time from inputs that are not. A file (or table) whose
 * writer ran fine is `degraded` when that writer reads something stale, missing, down or itself
 * degraded; the writer is named as the weakness that let it through (it does not check its inputs).
 */
import { forEachInEdge, forEachOutEdge, nodeAttributes } from '../../graph/keyed.js';
import type { HealthContext } from '../context.js';
import { isLogPath } from '../plan.js';
import { formatAge } from '../time/format.js';
import type { NodeHealth } from '../types.js';

const BAD_INPUT = new Set(['stale', 'missing', 'down', 'degraded']);

export interface Weakness {
  /** The consumer that ran on bad inputs. */
  script: string;
  inputs: string[];
  outputs: string[];
  text: string;
}

function badInputs(ctx: HealthContext, script: string): NodeHealth[] {
  const out: NodeHealth[] = [];
  forEachInEdge(ctx.g, script, (_e, attrs, source) => {
    const h = ctx.results.get(source);
    if (attrs.kind === 'reads' && h && BAD_INPUT.has(h.status)) out.push(h);
  });
  return out;
}

/** A one-line list: the first few, then how many more (an export may read hundreds of files). */
function listSome(items: string[], max = 4): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

function describeInputs(ctx: HealthContext, inputs: NodeHealth[]): string {
  const times = inputs
    .map((h) => (h.lastChange ? Date.parse(h.lastChange) : undefined))
    .filter((t): t is number => t !== undefined);
  const names = listSome(inputs.map((h) => h.label));
  if (times.length) return `content from inputs ${formatAge(ctx.now - Math.min(...times))} old (${names})`;
  return `from inputs that are ${[...new Set(inputs.map((h) => h.status))].join('/')} (${names})`;
}

function weaknessText(ctx: HealthContext, writer: NodeHealth, bad: NodeHealth[]): string {
  const inputs = listSome(
    bad.map(
      (b) =>
        `${b.label} (${b.status}${b.lastChange ? `, ${formatAge(ctx.now - Date.parse(b.lastChange))} old` : ''})`,
    ),
  );
  const ran = writer.summary.replace(/, (log clean|no error seen)$/, '');
  return `${writer.label} ${ran} on ${inputs}: it does not check that its inputs are fresh, so its outputs carry old data`;
}

/**
 * Mark degraded outputs, spreading downstream from every bad node through the consumers that ran fine
 * (a worklist: each node once, however long the chain). Returns the consumers that ran on bad inputs.
 */
export function markDegraded(ctx: HealthContext): Weakness[] {
  const weaknesses = new Map<string, Weakness>();
  const queue = [...ctx.results.values()].filter((h) => BAD_INPUT.has(h.status)).map((h) => h.node);
  while (queue.length) {
    const input = queue.pop()!;
    forEachOutEdge(ctx.g, input, (_e, attrs, _input, script) => {
      const w = ctx.results.get(script);
      if (attrs.kind !== 'reads' || w?.kind !== 'script' || w.status !== 'ok') return;
      forEachOutEdge(ctx.g, script, (_e2, out, _script, node) => {
        const h = ctx.results.get(node);
        if (out.kind !== 'writes' || !h || h.status !== 'ok' || (h.kind !== 'file' && h.kind !== 'table'))
          return;
        // A script's own log is written whatever its inputs hold; it is not a data output.
        if (isLogPath(String(nodeAttributes(ctx.g, node).path ?? ''))) return;
        const bad = badInputs(ctx, script);
        ctx.results.set(node, {
          ...h,
          status: 'degraded',
          derivedFrom: bad.map((b) => b.node),
          summary: `${h.summary}, ${describeInputs(ctx, bad)}`,
          evidence: [...h.evidence, ...bad.flatMap((b) => b.evidence.slice(0, 1))],
        });
        const wk = weaknesses.get(script) ?? {
          script,
          inputs: bad.map((b) => b.node),
          outputs: [],
          text: '',
        };
        wk.outputs.push(node);
        wk.inputs = bad.map((b) => b.node);
        wk.text = weaknessText(ctx, w, bad);
        weaknesses.set(script, wk);
        queue.push(node);
      });
    });
  }
  return [...weaknesses.values()];
}
