/**
 * Starts the layout worker and runs layouts on it. Served by `dfmap view`, the worker is a file next to
 * the page; in the single-file HTML export it is embedded gzipped (ELK is 1.6 MB as text, 0.4 MB
 * gzipped) and started from a Blob URL, which Chromium and Firefox allow from file:// pages.
 */
import type { LayoutAlgorithm, LayoutEdge, LayoutNode, LayoutRequest, LayoutResult } from './protocol.js';
import { seedPositions } from './seed.js';

type Listener = (r: LayoutResult) => void;

async function embeddedWorkerUrl(el: HTMLElement): Promise<string> {
  const bytes = Uint8Array.from(atob((el.textContent ?? '').trim()), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  const code = await new Response(stream).text();
  return URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
}

async function startWorker(): Promise<Worker | undefined> {
  try {
    const embedded = document.getElementById('dfmap-layout-worker');
    const url = embedded
      ? await embeddedWorkerUrl(embedded)
      : new URL('layout-worker.js', document.baseURI).href;
    return new Worker(url);
  } catch {
    return undefined;
  }
}

export interface LayoutOutput {
  positions: Map<string, [number, number]>;
  routes: Map<string, number[]>;
  ms: number;
  done: boolean;
}

function toOutput(r: LayoutResult): LayoutOutput {
  return {
    positions: new Map(Object.entries(r.positions)),
    routes: new Map(Object.entries(r.routes)),
    ms: r.ms,
    done: r.done,
  };
}

export class LayoutClient {
  private worker: Promise<Worker | undefined>;
  private nextId = 1;
  private listeners = new Map<number, Listener>();
  private cache = new Map<string, LayoutOutput>();

  constructor() {
    this.worker = startWorker().then((w) => {
      if (w) {
        w.onmessage = (e: MessageEvent<LayoutResult>) => this.listeners.get(e.data.id)?.(e.data);
        w.onerror = () => {
          for (const l of this.listeners.values()) {
            l({ id: 0, done: true, positions: {}, routes: {}, ms: 0, error: 'worker failed' });
          }
        };
      }
      return w;
    });
  }

  /**
   * Lay out a graph; `onProgress` sees intermediate force positions. Results are cached by the graph's
   * shape, so going back to a view is instant.
   */
  async run(
    algorithm: LayoutAlgorithm,
    nodes: LayoutNode[],
    edges: LayoutEdge[],
    onProgress?: (o: LayoutOutput) => void,
  ): Promise<LayoutOutput> {
    const key = signature(algorithm, nodes, edges);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const worker = await this.worker;
    if (!worker) return { positions: seedPositions(nodes, edges), routes: new Map(), ms: 0, done: true };
    const id = this.nextId++;
    const req: LayoutRequest = { id, algorithm, nodes, edges };
    let failed = false;
    const result = await new Promise<LayoutOutput>((resolve) => {
      this.listeners.set(id, (r) => {
        if (r.error) {
          failed = true;
          resolve({ positions: seedPositions(nodes, edges), routes: new Map(), ms: r.ms, done: true });
        } else if (r.done) resolve(toOutput(r));
        else onProgress?.(toOutput(r));
      });
      worker.postMessage(req);
    });
    this.listeners.delete(id);
    if (!failed) this.cache.set(key, result);
    return result;
  }
}

function signature(algorithm: string, nodes: LayoutNode[], edges: LayoutEdge[]): string {
  const n = nodes.map((x) => `${x.id}\u0000${Math.round(x.width)}x${Math.round(x.height)}`).join('\u0001');
  const e = edges.map((x) => x.id).join('\u0001');
  return `${algorithm}\u0002${n}\u0002${e}`;
}
