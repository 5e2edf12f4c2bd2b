/**
 * Fixture worlds for the health tests: a server root on disk (file times set with utimes, cron's
 * syslog lines rotated into syslog, syslog.1, syslog.2.gz..., scripts' own logs, cron mail) and the
 * map a scan of it gives, built from facts the way scan builds it. Times are wall times in the
 * world's zone (Europe/Berlin, written to /etc/timezone), like the server's own logs.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { buildGraph } from '../../src/graph/build.js';
import type { DataflowGraph, EdgeFact } from '../../src/graph/types.js';
import { fromWallTime } from '../../src/health/time/zoned.js';
import { toFileNode, toJobNode, toScriptNode, toTableNode } from '../../src/model/keys.js';
import type { NodeSpec } from '../../src/model/node.js';
import { makeRoot, type RootFile } from '../helpers/server-root.js';

export const TZ = 'Europe/Berlin';
export const HOST = 'etl01';
export const CRONTAB = '/var/spool/cron/crontabs/dataops';

/** `2026-11-26 02:00:01` as wall time in the world's zone. */
export function local(s: string): Date {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d)(?::(\d\d))?$/.exec(s);
  if (!m) throw new Error(`bad time ${s}`);
  const n = m.slice(1).map((x) => Number(x ?? 0));
  return new Date(fromWallTime(n[0]!, n[1]!, n[2]!, n[3]!, n[4]!, n[5] ?? 0, TZ));
}

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 3164 timestamp as rsyslog writes it by default: `Nov  6 02:00:01`. */
export function syslogStamp(s: string): string {
  const [date, time] = s.split(' ');
  const [, mo, d] = date!.split('-').map(Number);
  return `${MON[mo! - 1]} ${String(d).padStart(2, ' ')} ${time!.length === 5 ? `${time}:00` : time}`;
}

interface SyslogLine {
  at: Date;
  text: string;
}

export class World {
  readonly files: Record<string, string | RootFile> = {
    '/etc/timezone': `${TZ}\n`,
    '/etc/hostname': `${HOST}\n`,
  };
  readonly nodes: NodeSpec[] = [];
  readonly edges: EdgeFact[] = [];
  readonly syslog: SyslogLine[] = [];
  private pid = 4000;
  private crontab: string[] = ['MAILTO=dataops', 'PATH=/usr/bin:/bin', ''];

  /** A crontab line running `python3 SCRIPT` (with `>> LOG 2>&1` when given); returns the job key. */
  job(schedule: string, script: string, opts: { log?: string } = {}): string {
    const command = `/usr/bin/python3 ${script}${opts.log ? ` >> ${opts.log} 2>&1` : ''}`;
    this.crontab.push(`${schedule} ${command}`);
    const line = this.crontab.length;
    const job = toJobNode(CRONTAB, line, {
      schedule,
      scheduler: 'cron',
      user: 'dataops',
      command,
      label: `${schedule} ${script}`,
    });
    this.edge(job, toScriptNode(script, { language: 'python' }), 'invokes', CRONTAB, line);
    this.files[script] = `#!/usr/bin/env python3\n# ${path.basename(script)}\n`;
    if (opts.log) this.writes(script, opts.log);
    return job.key;
  }

  reads(script: string, data: string | NodeSpec): void {
    this.edge(this.data(data), toScriptNode(script), 'reads', script, 10);
  }

  writes(script: string, data: string | NodeSpec): void {
    this.edge(toScriptNode(script), this.data(data), 'writes', script, 20);
  }

  table(name: string, namespace: string): NodeSpec {
    return toTableNode(name, namespace);
  }

  file(serverPath: string, text: string, mtime: string): void {
    this.files[serverPath] = { text, mtime: local(mtime) };
  }

  /** A script's own log: lines as written, mtime = the last line's time (or `mtime`). */
  log(serverPath: string, lines: string[], mtime: string): void {
    this.files[serverPath] = { text: `${lines.join('\n')}\n`, mtime: local(mtime) };
  }

  /** cron's CMD line for a run, and with `exit` Debian's -L 4 line for a failed one. */
  cronRun(at: string, command: string, opts: { exit?: number; user?: string } = {}): void {
    const pid = this.pid++;
    this.syslog.push({
      at: local(at),
      text: `${HOST} CRON[${pid}]: (${opts.user ?? 'dataops'}) CMD (${command})`,
    });
    if (opts.exit) {
      const end = new Date(local(at).getTime() + 3000);
      this.syslog.push({
        at: end,
        text: `${HOST} CRON[${pid}]: (CRON) error (grandchild #${pid + 1} failed with exit status ${opts.exit})`,
      });
    }
  }

  /** Other daemons' lines, so cron's are not alone in the file. */
  noise(at: string, text: string): void {
    this.syslog.push({ at: local(at), text: `${HOST} ${text}` });
  }

  /** A cron mail in /var/mail/dataops. */
  mail(at: string, command: string, body: string[]): void {
    const d = local(at);
    const prev = (this.files['/var/mail/dataops'] as RootFile | undefined)?.text ?? '';
    const from = `From dataops@${HOST}  ${d.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 $4')}`;
    const msg = [
      from,
      `From: root@${HOST} (Cron Daemon)`,
      'To: dataops',
      `Subject: Cron <dataops@${HOST}> ${command}`,
      `Date: ${d.toUTCString().replace('GMT', '+0000')}`,
      '',
      ...body,
      '',
      '',
    ];
    this.files['/var/mail/dataops'] = { text: prev + msg.join('\n'), mtime: d };
  }

  private data(d: string | NodeSpec): NodeSpec {
    return typeof d === 'string' ? toFileNode(d) : d;
  }

  private edge(from: NodeSpec, to: NodeSpec, kind: EdgeFact['kind'], file: string, line: number): void {
    this.edges.push({
      from,
      to,
      kind,
      confidence: 'exact',
      evidence: { file, line, construct: kind, method: 'static' },
    });
  }

  /**
   * Write the root: syslog rotated at `rotations` (newest first: lines after rotations[0] stay in
   * `syslog`, the ones before go to syslog.1, then syslog.2.gz, ...).
   */
  build(rotations: string[] = []): { root: string; graph: DataflowGraph } {
    this.files[CRONTAB] = `${this.crontab.join('\n')}\n`;
    const lines = [...this.syslog].sort((a, b) => a.at.getTime() - b.at.getTime());
    const cuts = rotations.map(local);
    const parts: SyslogLine[][] = cuts.map(() => []);
    parts.push([]);
    for (const l of lines) {
      let i = cuts.findIndex((c) => l.at >= c);
      if (i < 0) i = cuts.length;
      parts[i]!.push(l);
    }
    const root = makeRoot(this.files, 'dfmap-health-');
    parts.forEach((p, i) => {
      if (p.length === 0 && i > 0) return;
      const name = i === 0 ? 'syslog' : i === 1 ? 'syslog.1' : `syslog.${i}.gz`;
      const text = p.map((l) => `${syslogStamp(wall(l.at))} ${l.text}`).join('\n') + (p.length ? '\n' : '');
      const file = path.join(root, 'var/log', name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, i >= 2 ? zlib.gzipSync(text) : text);
      const mtime = i === 0 ? (p[p.length - 1]?.at ?? cuts[0] ?? new Date()) : cuts[i - 1]!;
      fs.utimesSync(file, mtime, mtime);
    });
    const graph = buildGraph({
      nodes: this.nodes,
      edges: this.edges,
      diagnostics: [],
      meta: { root, host: HOST, tool: 'dfmap' },
    });
    return { root, graph };
  }
}

/** Wall time string of an instant in the world's zone. */
export function wall(d: Date): string {
  const f = new Intl.DateTimeFormat('sv-SE', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return f.format(d);
}

/** Python logging's default asctime: `2026-11-26 02:00:01,120`. */
export function pyLine(at: string, level: string, msg: string): string {
  return `${at},120 ${level} ${msg}`;
}
