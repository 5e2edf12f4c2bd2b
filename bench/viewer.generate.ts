/**
 * Dataflow-shaped maps of any size for the viewer's benchmark and browser tests: subsystems of
 * scheduled scripts that read inputs (files, tables, endpoints, other scripts' outputs) and write
 * outputs and logs, a few flows between subsystems, spread over hosts. Seeded, so every run draws
 * the same map.
 */
import type { NodeLinkData } from '../src/store/node-link.js';
import { seededRandom } from '../src/util/seeded-random.js';

type Node = NodeLinkData['nodes'][number];
type Link = NodeLinkData['links'][number];

const SUBSYSTEM_SIZE = 60;
const STEPS = Math.round(SUBSYSTEM_SIZE / 6);

class MapBuilder {
  readonly nodes: Node[] = [];
  readonly links: Link[] = [];
  /** Outputs of every subsystem drawn so far: later subsystems sometimes read them. */
  readonly outputs: string[][] = [];
  private ids = new Set<string>();
  private linked = new Set<string>();
  private line = 1;

  constructor(
    readonly order: number,
    readonly random: () => number,
  ) {}

  get full(): boolean {
    return this.nodes.length >= this.order;
  }

  pick<T>(xs: T[]): T {
    return xs[Math.floor(this.random() * xs.length)] as T;
  }

  /** Add a node unless the map is full; true when the node is (now) in the map. */
  add(n: Node): boolean {
    if (this.ids.has(n.id)) return true;
    if (this.full) return false;
    this.nodes.push(n);
    this.ids.add(n.id);
    return true;
  }

  link(source: string, target: string, kind: Link['kind'], file: string, construct: string): void {
    const key = `${source}\u0000${target}`;
    if (this.linked.has(key)) return;
    this.linked.add(key);
    const snippet = `${construct.split('(')[0]}(...)`;
    const line = this.line++ % 400 || 1;
    this.links.push({
      source,
      target,
      kind,
      confidence: 'exact',
      method: 'static',
      evidence: [{ file, line, construct, method: 'static', snippet }],
    });
  }
}

/** Earlier outputs of this subsystem, sometimes another subsystem's, else an external source. */
function addInputs(
  b: MapBuilder,
  sub: string,
  host: string,
  j: number,
  script: string,
  mine: string[],
): void {
  const path = script.slice('script:'.length);
  const count = 1 + Math.floor(b.random() * 2);
  for (let k = 0; k < count; k++) {
    let input: string | undefined;
    if (mine.length && b.random() < 0.75) input = b.pick(mine);
    else if (b.outputs.length && b.random() < 0.3) input = b.pick(b.pick(b.outputs));
    if (!input) {
      const file = b.random() < 0.7;
      input = file
        ? `file:/data/${sub}/incoming/feed_${j}_${k}.csv`
        : `endpoint:https://api.${sub}.example.com/v1/feed${j}`;
      const added = file
        ? b.add({ id: input, kind: 'file', path: input.slice(5), label: `feed_${j}_${k}.csv`, host })
        : b.add({ id: input, kind: 'endpoint', url: input.slice(9), label: input.slice(9), host });
      if (!added) continue;
    }
    b.link(input, script, 'reads', path, 'open(...)');
  }
}

function addOutputs(
  b: MapBuilder,
  sub: string,
  host: string,
  j: number,
  script: string,
  mine: string[],
): void {
  const path = script.slice('script:'.length);
  const count = 1 + Math.floor(b.random() * 2);
  for (let k = 0; k < count; k++) {
    const table = b.random() < 0.35;
    const name = `${sub}_db.t_${j}_${k}`;
    const id = table ? `table:${name}` : `file:/data/${sub}/out/result_${j}_${k}.json`;
    const added = table
      ? b.add({ id, kind: 'table', name, label: name, host })
      : b.add({ id, kind: 'file', path: id.slice(5), label: `result_${j}_${k}.json`, host });
    if (!added) return;
    b.link(script, id, 'writes', path, table ? 'cursor.execute(INSERT)' : "open(..., 'w')");
    mine.push(id);
  }
  const log = `file:/var/log/${sub}/step_${j}.log`;
  if (b.add({ id: log, kind: 'file', path: log.slice(5), label: `step_${j}.log`, host })) {
    b.link(script, log, 'writes', path, 'logging.basicConfig(filename=...)');
  }
}

/** One scheduled script of a subsystem, with its job, inputs, outputs and log. */
function addStep(b: MapBuilder, sub: string, host: string, s: number, j: number, mine: string[]): boolean {
  const path = `/opt/${sub}/step_${j}.py`;
  const script = `script:${path}`;
  if (!b.add({ id: script, kind: 'script', path, label: `step_${j}.py`, language: 'python', host }))
    return false;
  const job = `job:/etc/cron.d/${sub}:${j + 1}`;
  const schedule = `${(j * 7) % 60} ${1 + (s % 5)} * * *`;
  const label = `${schedule} step_${j}.py`;
  if (b.add({ id: job, kind: 'job', schedule, command: `python3 ${path}`, scheduler: 'cron', label, host })) {
    b.link(job, script, 'invokes', `/etc/cron.d/${sub}`, 'crontab entry');
  }
  addInputs(b, sub, host, j, script, mine);
  addOutputs(b, sub, host, j, script, mine);
  return true;
}

export function generateMap(order: number, seed = 7): NodeLinkData {
  const b = new MapBuilder(order, seededRandom(seed));
  const hostCount = Math.max(1, Math.round(order / 2500));
  const subsystems = Math.max(1, Math.round(order / SUBSYSTEM_SIZE));
  for (let s = 0; !b.full; s++) {
    const round = s >= subsystems ? `_${Math.floor(s / subsystems)}` : '';
    const sub = `sub${String(s % subsystems).padStart(3, '0')}${round}`;
    const host = `etl${String((s % hostCount) + 1).padStart(2, '0')}`;
    const mine: string[] = [];
    for (let j = 0; j < STEPS && addStep(b, sub, host, s, j, mine); j++);
    b.outputs.push(mine);
  }
  return {
    directed: true,
    multigraph: false,
    graph: { schemaVersion: 1, tool: 'dfmap-bench', host: hostCount === 1 ? 'etl01' : undefined },
    nodes: b.nodes,
    links: b.links,
  };
}
