/**
 * systemd timers: each `*.timer` activates a service (`Unit=`, else the same name), whose
 * `ExecStartPre=`, `ExecStart=` and `ExecStartPost=` lines are the job's commands, in that order, run in `WorkingDirectory=` as `User=` with
 * `Environment=`/`EnvironmentFile=`. A service that no timer activates is not a scheduled job.
 */
import { type Diagnostic, diagnostic, warning } from '../../model/diagnostic.js';
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

/**
 * Where a timer and its service are looked up, and whose they are: the system manager, or one
 * user's manager (systemd.unit(5) user unit search path; a user service runs as that user, in
 * that user's home unless WorkingDirectory= says otherwise).
 */
interface Scope {
  timerDirs: string[];
  unitDirs: string[];
  /** User manager: the user and home every unit of this scope runs as. */
  user?: { name: string; home: string; linger: boolean };
}

const SYSTEM_SCOPE: Scope = { timerDirs: TIMER_DIRS, unitDirs: UNIT_DIRS };

function loadUnit(
  fs: ServerFs,
  name: string,
  out: Diagnostic[],
  dirs: string[] = UNIT_DIRS,
): Unit | undefined {
  for (const dir of dirs) {
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

/**
 * systemd specifiers (in `ExecStart=`, `WorkingDirectory=`, `EnvironmentFile=`, `Environment=`
 * and `StandardOutput=file:` paths alike): `%h` and `%u` are the user's home and name, `%%` is
 * `%`; others name things static analysis does not know.
 */
function expandSpecifiers(s: string, home: string, user: string): string {
  return s.replace(/%(.)/g, (_m, c: string) => {
    if (c === '%') return '%';
    if (c === 'h') return home;
    if (c === 'u') return user;
    return '*';
  });
}

function timerNames(fs: ServerFs, dirs: string[]): Array<{ dir: string; name: string }> {
  const seen = new Set<string>();
  const out: Array<{ dir: string; name: string }> = [];
  for (const dir of dirs) {
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
  discoverScope(fs, SYSTEM_SCOPE, homes, out);
  for (const scope of userScopes(fs, homes)) discoverScope(fs, scope, homes, out);
  return out;
}

/**
 * Each user's own timers (`~/.config/systemd/user`, `~/.local/share/systemd/user`) and the
 * timers installed for every user (`/etc/systemd/user`). Without lingering
 * (`/var/lib/systemd/linger/USER`) a user's timers run only while the user is logged in.
 */
function userScopes(fs: ServerFs, homes: Map<string, string>): Scope[] {
  const users = new Map<string, string>();
  for (const [name, home] of homes) if (home.startsWith('/home/') || home === '/root') users.set(home, name);
  for (const d of fs.list('/home')) if (!users.has(`/home/${d}`)) users.set(`/home/${d}`, d);
  if (!users.has('/root') && fs.isDirectory('/root')) users.set('/root', 'root');
  const shared = ['/etc/systemd/user', '/usr/local/lib/systemd/user'];
  const system = ['/usr/lib/systemd/user', '/lib/systemd/user'];
  const lingering = new Set(fs.list('/var/lib/systemd/linger'));
  const scopes: Scope[] = [];
  for (const [home, name] of [...users].sort()) {
    const own = [`${home}/.config/systemd/user`, `${home}/.local/share/systemd/user`];
    if (!own.some((d) => fs.isDirectory(d))) continue;
    scopes.push({
      timerDirs: own,
      unitDirs: [...own, ...shared, ...system],
      user: { name, home, linger: lingering.has(name) },
    });
  }
  // timers installed for every user: run by each lingering user's manager; unknown user otherwise
  if (shared.some((d) => fs.list(d).some((n) => n.endsWith('.timer') || n.endsWith('.wants')))) {
    const linger = [...lingering].sort();
    const only = linger.length === 1 ? (linger[0] as string) : undefined;
    scopes.push({
      timerDirs: shared,
      unitDirs: [...shared, ...system],
      user: only
        ? { name: only, home: homeOf(homes, only), linger: true }
        : { name: '*', home: '*', linger: linger.length > 0 },
    });
  }
  return scopes;
}

function discoverScope(fs: ServerFs, scope: Scope, homes: Map<string, string>, out: Discovery): void {
  const seen = new Set(out.jobs.map((j) => j.node.key));
  for (const { name } of timerNames(fs, scope.timerDirs)) {
    const timer = loadUnit(fs, name, out.diagnostics, scope.unitDirs);
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
    const service = loadUnit(fs, serviceName, out.diagnostics, scope.unitDirs);
    if (!service) {
      out.diagnostics.push(
        warning('timer-service-missing', `${timer.file}: activates ${serviceName}, which is not under ROOT`, {
          file: timer.file,
        }),
      );
      continue;
    }
    if (scope.user && !scope.user.linger)
      out.diagnostics.push(
        diagnostic(
          'info',
          'user-timer-no-linger',
          `${timer.file}: a user timer of ${scope.user.name}, who does not linger (/var/lib/systemd/linger); it runs only while ${scope.user.name} is logged in`,
          { file: timer.file },
        ),
      );
    const jobs = serviceJobs(fs, timer, service, schedules, homes, out.diagnostics, scope.user);
    out.jobs.push(...jobs.filter((j) => !seen.has(j.node.key)));
  }
}

function serviceJobs(
  fs: ServerFs,
  timer: Unit,
  service: Unit,
  schedules: string[],
  homes: Map<string, string>,
  diagnostics: Diagnostic[],
  owner?: Scope['user'],
): Job[] {
  const user = owner?.name ?? service.get('Service', 'User') ?? 'root';
  const home = owner?.home ?? homeOf(homes, user);
  const env: Record<string, string> = {
    HOME: home,
    USER: user,
    LOGNAME: user,
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  };
  const reads: Job['reads'] = [];
  const writes: Job['writes'] = [];
  for (const ef of service.entries('Service', 'EnvironmentFile')) {
    const path = expandSpecifiers(ef.value.replace(/^-/, ''), home, user);
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
  for (const e of service.all('Service', 'Environment'))
    Object.assign(env, parseEnvironmentLine(expandSpecifiers(e, home, user)));
  const wd = service.get('Service', 'WorkingDirectory');
  // a user manager starts services in the user's home; the system manager in /
  const cwd = wd
    ? expandSpecifiers(wd.replace(/^-/, ''), home, user).replace(/^~$/, home)
    : owner
      ? home
      : '/';
  for (const key of ['StandardOutput', 'StandardError']) {
    const e = service.entries('Service', key).at(-1);
    const m = e ? /^(append|file|truncate):(.+)$/.exec(e.value) : null;
    if (e && m) {
      writes.push({
        node: toFileNode(expandSpecifiers(m[2] as string, home, user)),
        evidence: { file: service.file, line: e.line, construct: `${key}=${m[1]}:`, method: 'static' },
        confidence: 'exact',
      });
    }
  }
  const main = service.entries('Service', 'ExecStart');
  if (main.length === 0)
    diagnostics.push(warning('service-no-exec', `${service.file}: no ExecStart=`, { file: service.file }));
  // each run also runs ExecStartPre= before and ExecStartPost= after (systemd.service(5))
  const execs = [
    ...service.entries('Service', 'ExecStartPre'),
    ...main,
    ...service.entries('Service', 'ExecStartPost'),
  ];
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
        ...(owner ? { scope: 'user', linger: owner.linger } : {}),
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
