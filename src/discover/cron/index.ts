/**
 * Cron in all its usual places: /etc/crontab and /etc/cron.d/* (system format, with a user
 * field), user crontabs in /var/spool/cron/crontabs/USER (Debian) and /var/spool/cron/USER (RHEL),
 * and /etc/anacrontab. The run-parts directories are reached through the lines that run them;
 * a directory no line runs still gets a job, with the distribution's default time.
 */
import { type Diagnostic, warning } from '../../model/diagnostic.js';
import { toJobNode } from '../../model/keys.js';
import type { ServerFs } from '../../util/server-fs.js';
import type { Discoverer, Discovery, Job } from '../types.js';
import { homeOf, readHomes } from '../users.js';
import { type CrontabEntry, parseCrontab } from './crontab.js';

/** cron.d and run-parts accept only these names (Debian cron(8)); editors' backups and dpkg leftovers are skipped. */
export const RUN_PARTS_NAME = /^[A-Za-z0-9_-]+$/;

const RUN_PARTS_DEFAULTS: Record<string, string> = {
  '/etc/cron.hourly': '17 * * * *',
  '/etc/cron.daily': '25 6 * * *',
  '/etc/cron.weekly': '47 6 * * 7',
  '/etc/cron.monthly': '52 6 1 * *',
};

function toJob(
  fs: ServerFs,
  file: string,
  e: CrontabEntry,
  homes: Map<string, string>,
  scheduler: string,
): Job {
  const home = homeOf(homes, e.user);
  const env: Record<string, string> = {
    SHELL: '/bin/sh',
    PATH: '/usr/bin:/bin',
    HOME: home,
    LOGNAME: e.user,
    USER: e.user,
    ...e.env,
  };
  const cwd = e.env.HOME ?? home;
  void fs;
  return {
    node: toJobNode(file, e.line, {
      schedule: e.schedule,
      command: e.command,
      user: e.user,
      scheduler,
      label: `${e.schedule} ${e.command}`.slice(0, 80),
      ...(e.env.CRON_TZ ? { timezone: e.env.CRON_TZ } : {}),
    }),
    command: e.command,
    ...(e.stdin !== undefined ? { stdin: e.stdin } : {}),
    env,
    cwd,
    user: e.user,
    at: { file, line: e.line },
    reads: [],
    writes: [],
  };
}

function readCrontab(
  fs: ServerFs,
  file: string,
  opts: { system: boolean; user?: string },
  homes: Map<string, string>,
  out: Discovery,
): void {
  const res = fs.readText(file);
  if (!res.ok) {
    const target = res.diagnostic.code === 'file-missing' ? fs.readlink(file) : undefined;
    out.diagnostics.push(
      target === undefined
        ? { ...res.diagnostic, message: `${res.diagnostic.message}; its jobs are not in the map` }
        : warning(
            'crontab-skipped',
            `${file}: a symbolic link to ${target}, which is not under ROOT; not read`,
            {
              file,
            },
          ),
    );
    return;
  }
  out.diagnostics.push(...res.diagnostics);
  const parsed = parseCrontab(res.text, file, opts);
  out.diagnostics.push(...parsed.diagnostics);
  for (const e of parsed.entries) out.jobs.push(toJob(fs, file, e, homes, 'cron'));
}

/** anacrontab(5): `period delay job-identifier command`; period in days or @monthly/@weekly/@daily. */
function readAnacrontab(fs: ServerFs, homes: Map<string, string>, out: Discovery): void {
  const file = '/etc/anacrontab';
  if (!fs.exists(file)) return;
  const res = fs.readText(file);
  if (!res.ok) {
    out.diagnostics.push(res.diagnostic);
    return;
  }
  const env: Record<string, string> = {};
  res.text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const envMatch = /^([A-Za-z_]\w*)\s*=\s*(.*)$/.exec(line);
    if (envMatch) {
      env[envMatch[1] as string] = (envMatch[2] as string).trim();
      return;
    }
    const m = /^(@\w+|\d+)\s+(\d+)\s+(\S+)\s+(.+)$/.exec(line);
    if (!m) {
      out.diagnostics.push({
        severity: 'warning',
        code: 'anacrontab-malformed',
        message: `${file}:${i + 1}: not an anacrontab entry; line skipped`,
        location: { file, line: i + 1 },
      });
      return;
    }
    const period = m[1] as string;
    const schedule = period.startsWith('@')
      ? period
      : period === '1'
        ? '@daily'
        : period === '7'
          ? '@weekly'
          : `every ${period} days`;
    const entry: CrontabEntry = {
      schedule,
      user: 'root',
      command: m[4] as string,
      line: i + 1,
      env: { ...env },
    };
    out.jobs.push(toJob(fs, file, entry, homes, 'anacron'));
  });
}

/** run-parts directories that hold scripts but that no discovered line runs. */
function orphanRunParts(fs: ServerFs, homes: Map<string, string>, out: Discovery): void {
  const mentioned = out.jobs.map((j) => j.command).join('\n');
  for (const [dir, schedule] of Object.entries(RUN_PARTS_DEFAULTS)) {
    if (mentioned.includes(dir)) continue;
    const scripts = fs.list(dir).filter((n) => RUN_PARTS_NAME.test(n) && fs.isFile(`${dir}/${n}`));
    if (scripts.length === 0) continue;
    const entry: CrontabEntry = { schedule, user: 'root', command: `run-parts ${dir}`, line: 0, env: {} };
    const job = toJob(fs, dir, entry, homes, 'run-parts');
    job.node = toJobNode(dir, undefined, { ...job.node.attrs, source: dir });
    delete job.node.attrs.line;
    out.jobs.push(job);
    out.diagnostics.push({
      severity: 'info',
      code: 'run-parts-default-schedule',
      message: `${dir}: no crontab line runs it; assumed the Debian default '${schedule}'`,
      location: { file: dir },
    });
  }
}

/**
 * Anything at a crontab's place but a directory is read, so a FIFO or a dangling link gets the
 * reader's warning instead of silence (a map must say what it did not see).
 */
function isEntry(fs: ServerFs, file: string): boolean {
  if (fs.isFile(file)) return true;
  if (fs.isDirectory(file)) return false;
  return fs.exists(file) || fs.readlink(file) !== undefined;
}

/** A scheduler directory's entries; one that exists but cannot be listed is a warning. */
function listOrWarn(fs: ServerFs, dir: string, out: Discovery): string[] {
  const r = fs.readDir(dir);
  if ('names' in r) return r.names;
  if (r.error !== 'ENOENT' && r.error !== 'ENOTDIR')
    out.diagnostics.push(
      warning(
        'scheduler-dir-unreadable',
        `${dir}: cannot list it (${r.error}); the jobs in it are not in the map`,
        { file: dir },
        'run dfmap as a user that can read it (root on the server), or copy it into ROOT',
      ),
    );
  return [];
}

export function discoverCronJobs(fs: ServerFs): Discovery {
  const out: Discovery = { jobs: [], diagnostics: [] as Diagnostic[] };
  const homes = readHomes(fs);
  if (isEntry(fs, '/etc/crontab')) readCrontab(fs, '/etc/crontab', { system: true }, homes, out);
  for (const name of listOrWarn(fs, '/etc/cron.d', out)) {
    const file = `/etc/cron.d/${name}`;
    if (!RUN_PARTS_NAME.test(name)) {
      if (fs.isFile(file) && !name.startsWith('.')) {
        out.diagnostics.push({
          severity: 'info',
          code: 'cron-d-skipped',
          message: `${file}: cron ignores files whose names have dots or other characters outside [A-Za-z0-9_-]; skipped`,
          location: { file },
        });
      }
      continue;
    }
    if (isEntry(fs, file)) readCrontab(fs, file, { system: true }, homes, out);
  }
  for (const dir of ['/var/spool/cron/crontabs', '/var/spool/cron', '/var/cron/tabs']) {
    for (const user of listOrWarn(fs, dir, out)) {
      const file = `${dir}/${user}`;
      if (user.startsWith('.') || user.includes('~') || !isEntry(fs, file)) continue;
      readCrontab(fs, file, { system: false, user }, homes, out);
    }
  }
  readAnacrontab(fs, homes, out);
  orphanRunParts(fs, homes, out);
  return out;
}

export const cronDiscoverer: Discoverer = {
  id: 'cron',
  title: 'cron: /etc/crontab, /etc/cron.d, user crontabs, anacrontab, run-parts directories',
  discover: discoverCronJobs,
};
