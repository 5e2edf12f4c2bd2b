import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowLimit, strongestFlows } from '../../web/src/view/flows.js';
import type { VEdge } from '../../web/src/view/types.js';

const flow = (source: string, target: string, count: number): VEdge => ({
  id: `${source}>${target}`,
  source,
  target,
  kind: 'reads',
  count,
});

describe('strongestFlows: what the overview draws by default', () => {
  it("keeps every group's heaviest flow, then the heaviest others up to the limit", () => {
    const edges = [
      flow('hub', 'a', 90),
      flow('hub', 'b', 80),
      flow('a', 'b', 70),
      flow('b', 'a', 60),
      flow('c', 'd', 2),
      flow('d', 'hub', 1),
    ];
    // c and d only have light flows: their heaviest ones stay, though a->b and b->a are heavier
    assert.deepEqual([...strongestFlows(edges, 3)].sort(), ['c>d', 'hub>a', 'hub>b']);
    assert.deepEqual([...strongestFlows(edges, 4)].sort(), ['a>b', 'c>d', 'hub>a', 'hub>b']);
  });

  it('keeps them all when there are no more than the limit', () => {
    const edges = [flow('a', 'b', 1), flow('b', 'c', 1)];
    assert.equal(strongestFlows(edges, flowLimit(3)).size, 2);
  });

  it('draws at least 12 flows, and one per group on larger overviews', () => {
    assert.equal(flowLimit(4), 12);
    assert.equal(flowLimit(24), 24);
  });
});
