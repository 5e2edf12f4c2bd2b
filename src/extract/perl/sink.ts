/**
 * Where the Perl extractor's findings go: file reads/writes with evidence and confidence
 * (`exact` literal, `resolved` through variables, `partial` with `*`), and diagnostics.
 */
import { diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import { toFileNode } from '../../model/keys.js';
import type { Confidence } from '../../model/kinds.js';
import { joinServer, normalizeServerPath } from '../../util/paths.js';
import { redactText } from '../../util/redact.js';
import type { Extraction, ScriptContext } from '../types.js';
import { asPath, HOLE, type Value } from './values.js';

export class PerlSink {
  private lines: string[] | undefined;
  /** The environment as the script has changed it (`$ENV{X} = ...`), for the commands it runs. */
  env: Record<string, string>;
  /** The file of the statement being walked, when it is a module the script loads (not the script). */
  current: string | undefined;
  private readonly sources = new Map<string, string[]>();

  constructor(
    readonly ctx: ScriptContext,
    readonly out: Extraction,
  ) {
    this.env = ctx.env;
    this.current = undefined;
  }

  sourceLines(): string[] {
    this.lines ??= this.ctx.text.split('\n');
    return this.lines;
  }

  /** A module's text, for the evidence of its statements. */
  addSource(file: string, text: string): void {
    this.sources.set(file, text.split('\n'));
  }

  evidence(line: number, construct: string): Evidence {
    const file = this.current !== undefined && this.sources.has(this.current) ? this.current : this.ctx.path;
    const lines = file === this.ctx.path ? this.sourceLines() : (this.sources.get(file) ?? []);
    const snippet = redactText((lines[line - 1] ?? '').trim()).slice(0, 240);
    return { file, line, construct, method: 'static', snippet };
  }

  confidence(v: Value): Confidence {
    // a hole, or a glob pattern's own `*`
    if (v.text.includes(HOLE) || v.text.includes('*')) return 'partial';
    return v.viaVar ? 'resolved' : 'exact';
  }

  /** A file read or written. Unknown paths (`*` alone), `-` and devices are not data files. */
  file(v: Value, op: 'read' | 'write', line: number, construct: string): void {
    const raw = asPath(v).trim();
    if (raw === '' || raw === '-' || /^\*+$/.test(raw) || raw.startsWith('/dev/') || raw.startsWith('&')) {
      if (/^\*+$/.test(raw))
        this.note('perl-unresolved-path', `${construct}: the path is not known statically`, line);
      return;
    }
    // A path that starts with an unknown part stays relative-looking (`*/x.csv`), unless it is known
    // to be a bare name; others resolve against cwd.
    const path = raw.startsWith('/')
      ? normalizeServerPath(raw)
      : raw.startsWith('*') && !v.bare
        ? raw
        : joinServer(this.ctx.cwd, raw);
    const ref = {
      node: toFileNode(path),
      evidence: this.evidence(line, construct),
      confidence: this.confidence(v),
    };
    (op === 'read' ? this.out.reads : this.out.writes).push(ref);
  }

  note(code: string, message: string, line: number): void {
    this.out.diagnostics.push(diagnostic('info', code, message, { file: this.ctx.path, line }));
  }
}
