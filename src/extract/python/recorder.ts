/**
 * Collects what a Python script reads, writes and invokes, with evidence, deduplicated. Every
 * snippet and message passes through redaction here, so no secret leaves the extractor.
 */
import { type Diagnostic, diagnostic, type Severity } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import { toEndpointNode, toFileNode } from '../../model/keys.js';
import { type Confidence, confidenceToNode, weakerConfidence } from '../../model/kinds.js';
import type { NodeSpec } from '../../model/node.js';
import { joinServer, normalizeServerPath } from '../../util/paths.js';
import { redactText, redactUrl } from '../../util/redact.js';
import type { DataRef, Extraction, Invocation } from '../types.js';
import { type Frame, lineText } from './frame.js';
import { lineOf, type PyNode } from './tree.js';
import { confidenceOfStr, options, render, type Str, type Value } from './value.js';

export type Direction = 'reads' | 'writes';

const SNIPPET_MAX = 160;
const URL_RE = /^([a-zA-Z][\w+.-]*):\/\//;

export function snippetOf(text: string): string {
  const t = redactText(text);
  return t.length > SNIPPET_MAX ? `${t.slice(0, SNIPPET_MAX - 3)}...` : t;
}

/** Paths that are not data: the null device, terminals, stdio. */
function isNotData(p: string): boolean {
  return p === '-' || p.startsWith('/dev/') || p.startsWith('/proc/self/');
}

/** True when nothing but unknown parts is left (a lone star, star-slash-star): the path names nothing. */
export function namesNothing(rendered: string): boolean {
  return rendered.split('/').every((seg) => seg === '' || seg === '.' || seg.includes('*'));
}

export class Recorder {
  readonly out: Extraction = { reads: [], writes: [], invokes: [], diagnostics: [] };
  private readonly seen = new Set<string>();

  evidence(frame: Frame, node: PyNode, construct: string): Evidence {
    return {
      file: frame.module.path,
      line: lineOf(node),
      construct,
      method: 'static',
      snippet: snippetOf(lineText(frame.module, node)),
    };
  }

  ref(dir: Direction, node: NodeSpec, evidence: Evidence, confidence: Confidence): void {
    const key = `${dir}|${node.key}|${evidence.file}:${evidence.line}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    // a `*` in the node (a server the script does not name): partial at most
    const ref: DataRef = { node, evidence, confidence: confidenceToNode(node.key, confidence) };
    this.out[dir].push(ref);
  }

  /** A file (or, for a URL given where a path may be, an endpoint) read or written. */
  file(frame: Frame, at: PyNode, dir: Direction, v: Value, construct: string, cwd: string): void {
    if (!frame.emit) return;
    for (const o of options(v)) {
      if (o.k === 'unknown' || o.k === 'none') this.unresolved(frame, at, construct);
      if (o.k !== 'str') continue;
      const rendered = render(o.s).trim();
      if (URL_RE.test(rendered)) {
        this.endpoint(frame, at, dir, o, construct);
        continue;
      }
      // an unknown directory (`*/x.csv`): nothing on the server can be named from that
      if (rendered === '' || namesNothing(rendered) || rendered.startsWith('*')) {
        this.unresolved(frame, at, construct);
        continue;
      }
      let p = rendered.startsWith('~') ? rendered.replace(/^~[^/]*/, '/home/*') : rendered;
      const relative = !p.startsWith('/');
      p = relative ? joinServer(cwd, p) : normalizeServerPath(p);
      if (isNotData(p)) continue;
      let conf = confidenceOfStr(o, p);
      if (relative) conf = weakerConfidence(conf, 'resolved');
      this.ref(dir, toFileNode(p), this.evidence(frame, at, construct), conf);
    }
  }

  endpoint(frame: Frame, at: PyNode, dir: Direction, v: Value, construct: string): void {
    if (!frame.emit) return;
    for (const o of options(v)) {
      if (o.k !== 'str') continue;
      const url = cleanUrl(render(o.s));
      if (!url) {
        this.unresolved(frame, at, construct);
        continue;
      }
      this.ref(dir, toEndpointNode(url), this.evidence(frame, at, construct), confidenceOfStr(o, url));
    }
  }

  invoke(frame: Frame, inv: Invocation): void {
    if (!frame.emit) return;
    const key = `inv|${inv.path}|${inv.args.join('\u0000')}|${inv.mode ?? 'run'}|${inv.evidence.file}:${inv.evidence.line}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.out.invokes.push(inv);
  }

  /** Merge another extractor's result (SQL, shell), weakening its confidence to ours. */
  merge(frame: Frame, ex: Extraction, cap: Confidence): void {
    if (!frame.emit) return;
    for (const r of ex.reads) this.ref('reads', r.node, r.evidence, weakerConfidence(r.confidence, cap));
    for (const r of ex.writes) this.ref('writes', r.node, r.evidence, weakerConfidence(r.confidence, cap));
    for (const i of ex.invokes) this.invoke(frame, { ...i, confidence: weakerConfidence(i.confidence, cap) });
    for (const d of ex.diagnostics) this.diagnostics(d);
  }

  /** Keep a diagnostic once; `redacted` when its message was already built from redacted parts. */
  diagnostics(d: Diagnostic, redacted = false): void {
    const key = `diag|${d.code}|${d.location?.file}:${d.location?.line}|${d.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.out.diagnostics.push(redacted ? d : { ...d, message: redactText(d.message) });
  }

  diag(frame: Frame, at: PyNode, severity: Severity, code: string, message: string, hint?: string): void {
    if (!frame.emit) return;
    const loc = { file: frame.module.path, line: lineOf(at) };
    // redact the message alone: a file named credentials.py is not a secret
    const text = `${loc.file}:${loc.line}: ${redactText(message)}`;
    this.diagnostics(diagnostic(severity, code, text, loc, hint), true);
  }

  unresolved(frame: Frame, at: PyNode, construct: string): void {
    this.diag(
      frame,
      at,
      'info',
      'python-unresolved',
      `cannot resolve the target of ${construct} statically; no edge recorded`,
      'pass the value on the command line or as a constant if it matters',
    );
  }
}

/** Endpoint URL for the map: no credentials, no query or fragment, no trailing slash. */
export function cleanUrl(raw: string): string | undefined {
  const m = URL_RE.exec(raw);
  if (!m) return undefined;
  let url = redactUrl(raw.trim()).replace(/[?#].*$/, '');
  const rest = url.slice(url.indexOf('://') + 3);
  const host = rest.split('/')[0] ?? '';
  // `hdfs:///path` is on the cluster's default namenode (the shell's hdfs endpoints say so too)
  if ((host === '' && m[1]?.toLowerCase() !== 'hdfs') || host === '*') return undefined;
  if (url.length > 1 && url.endsWith('/') && rest.includes('/')) url = url.slice(0, -1);
  return url;
}

export const strValue = (v: Value): Str | undefined => options(v).find((o): o is Str => o.k === 'str');
