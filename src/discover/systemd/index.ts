/**
 * systemd timers: each `*.timer` activates a service (`Unit=`, else the same name), whose
 * `ExecStart=` lines are the job's commands, run in `WorkingDirectory=` as `User=` with
 * `Environment=`/`EnvironmentFile=`. A service that no timer activates is not a scheduled job.
 */
import { type Diagnostic, warning } from '../../model/diagnostic.js';
import { toFileNode, toJobNode } from '../../model/keys.js';
import type { ServerFs } from '../../util/server-fs.js';
import type { Discoverer, Discovery, Job } from '../types.js';
import { homeOf, readHomes } from '../users.js';
import { parseEnvironmentFile, parseEnvironmentLine, parseUnit, type Unit } from './unit.js';

const UNIT_DIRS = [
  '/etc/systemd/system',
  '/usr/local/lib/systemd/system',
  '/lib/systemd/system',
  '/usr/lib/systemd/system',
];
/** Directories whose timers are the server's own (package timers under /lib and /usr/lib are the OS's). */
const TIMER_DIRS = ['/etc/systemd/system', '/usr/local/lib/systemd/system'];

function loadUnit(fs: ServerFs, name: string, out: Diagnostic[]): Unit | undefined {
  for (const dir of UNIT_DIRS) {
    const file = `${dir}/${name}`;
    if (!fs.isFile(file)) continue;
    const res = fs.readText(file);
    if (!res.ok) {
      out.push(res.diagnostic);
      return undefined;
    }
    const unit = parseUnit(res.text, file);
    // drop-ins: NAME.d/*.conf, applied in name order
    for (const conf of fs.list(`${file}.d`).filter((n) => n.endsWith('.conf'))) {
      const d = fs.readText(`${file}.d/${conf}`);
      if (d.ok) unit.merge(parseUnit(d.text, `${file}.d/${conf}`));
    }
    return unit;
  }
  return undefined;
}

/** Strip ExecStart= prefixes: `@`, `-`, `:`, `+`, `!`, `!!` (systemd.service(5)). */
export function stripExecPrefixes(cmd: string): string {
  return cmd.replace(/^[@\-:+!]+/, '').trim();
}

/** systemd specifiers: `%%` is `%`; others name things static analysis does not know. */
function expandSpecifiers(s: string, home: string, user: string): string {
  return s.replace(/%(.)/g, (_m, c: string) => {
    if (c === '%') return '%';
    if (c === 'h') return home;
    if (c === 'u') return user;
    return '*';
  });
}

function timerNames(fs: ServerFs): Array<{ dir: string; name: string }> {
  const seen = new Set<string>();
  const out: Array<{ dir: string; name: string }> = [];
  for (const dir of TIMER_DIRS) {
    const subdirs = fs.list(dir).filter((n) => n.endsWith('.wants') || n.endsWith('.requires'));
    for (const d of ['', ...subdirs.map((s) => `/${s}`)]) {
      for (const name of fs.list(dir + d)) {
        if (!name.endsWith('.timer') || seen.has(name)) continue;
        seen.add(name);
        out.push({ dir: dir + d, name });
      }
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export function discoverSystemdTimers(fs: ServerFs): Discovery {
  const out: Discovery = { jobs: [], diagnostics: [] };
  const homes = readHomes(fs);
  for (const { name } of timerNames(fs)) {
    const timer = loadUnit(fs, name, out.diagnostics);
    if (!timer) continue;
    const calendars = timer.all('Timer', 'OnCalendar');
    const monotonic = [
      'OnUnitActiveSec',
      'OnUnitInactiveSec',
      'OnBootSec',
      'OnStartupSec',
      'OnActiveSec',
    ].flatMap((k) => timer.all('Timer', k).map((v) => `${k}=${v}`));
    const schedules = calendars.length ? calendars : monotonic;
    if (schedules.length === 0) {
      out.diagnostics.push(
        warning('timer-no-schedule', `${timer.file}: timer has no OnCalendar= or monotonic setting`, {
          file: timer.file,
        }),
      );
      continue;
    }
    const serviceName = timer.get('Timer', 'Unit') ?? name.replace(/\.timer$/, '.service');
    const service = loadUnit(fs, serviceName, out.diagnostics);
    if (!service) {
      out.diagnostics.push(
        warning('timer-service-missing', `${timer.file}: activates ${serviceName}, which is not under ROOT`, {
          file: timer.file,
        }),
      );
      continue;
    }
    out.jobs.push(...serviceJobs(fs, timer, service, schedules, homes, out.diagnostics));
  }
  return out;
}

function serviceJobs(
  fs: ServerFs,
  timer: Unit,
  service: Unit,
  schedules: string[],
  homes: Map<string, string>,
  diagnostics: Diagnostic[],
): Job[] {
  const user = service.get('Service', 'User') ?? 'root';
  const home = homeOf(homes, user);
  const env: Record<string, string> = {
    HOME: home,
    USER: user,
    LOGNAME: user,
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  };
  const reads: Job['reads'] = [];
  const writes: Job['writes'] = [];
  for (const ef of service.entries('Service', 'EnvironmentFile')) {
    const path = ef.value.replace(/^-/, '');
    const evidence = {
      file: service.file,
      line: ef.line,
      construct: 'EnvironmentFile=',
      method: 'static' as const,
    };
    reads.push({ node: toFileNode(path), evidence, confidence: 'exact' });
    const res = fs.readText(path);
    if (res.ok) Object.assign(env, parseEnvironmentFile(res.text));
    else if (!ef.value.startsWith('-')) diagnostics.push(res.diagnostic);
  }
  for (const e of service.all('Service', 'Environment')) Object.assign(env, parseEnvironmentLine(e));
  const wd = service.get('Service', 'WorkingDirectory');
  const cwd = wd ? expandSpecifiers(wd.replace(/^-/, ''), home, user).replace(/^~$/, home) : '/';
  for (const key of ['StandardOutput', 'StandardError']) {
    const e = service.entries('Service', key).at(-1);
    const m = e ? /^(append|file|truncate):(.+)$/.exec(e.value) : null;
    if (e && m) {
      writes.push({
        node: toFileNode(m[2] as string),
        evidence: { file: service.file, line: e.line, construct: `${key}=${m[1]}:`, method: 'static' },
        confidence: 'exact',
      });
    }
  }
  const execs = service.entries('Service', 'ExecStart');
  if (execs.length === 0)
    diagnostics.push(warning('service-no-exec', `${service.file}: no ExecStart=`, { file: service.file }));
  return execs.map((exec) => {
    const command = expandSpecifiers(stripExecPrefixes(exec.value), home, user);
    return {
      node: toJobNode(timer.file, undefined, {
        schedule: schedules[0] as string,
        ...(schedules.length > 1 ? { schedules } : {}),
        command,
        user,
        scheduler: 'systemd',
        service: service.file,
        label: `${timer.file.slice(timer.file.lastIndexOf('/') + 1)} (${schedules[0]})`,
      }),
      command,
      env: { ...env },
      cwd,
      user,
      at: { file: service.file, line: exec.line },
      reads,
      writes,
    };
  });
}

export const systemdDiscoverer: Discoverer = {
  id: 'systemd',
  title: 'systemd timers and the services they activate',
  discover: discoverSystemdTimers,
};
