/**
 * `docker run [-v HOST:CTR] [-w DIR] IMAGE CMD ARGS` (and podman): CMD runs inside the container,
 * so its paths are container paths. Those under a mounted volume map back to the host path; the
 * rest belong to the image (not the server's files) and become `*`, so nothing is invented there.
 */

import type { Value } from '../value.js';
import type { CommandCall, CommandResolver, Handler } from './types.js';

const VALUED = new Set([
  '-v',
  '--volume',
  '-w',
  '--workdir',
  '-e',
  '--env',
  '--env-file',
  '--name',
  '--network',
  '--net',
  '-u',
  '--user',
  '--entrypoint',
  '-p',
  '--publish',
  '--mount',
  '-h',
  '--hostname',
  '--log-driver',
  '--log-opt',
  '-m',
  '--memory',
  '--cpus',
  '-l',
  '--label',
  '--add-host',
  '--restart',
  '--platform',
  '--pull',
  '--cidfile',
  '--device',
  '--ipc',
  '--pid',
  '--shm-size',
  '--tmpfs',
  '--ulimit',
  '--volumes-from',
  '--security-opt',
  '--cap-add',
  '--cap-drop',
  '--dns',
  '-a',
  '--attach',
  '--group-add',
  '--stop-signal',
  '--gpus',
  '--label-file',
]);

interface Mount {
  host: string;
  ctr: string;
}

function parseMount(v: Value, flag: string): Mount | undefined {
  if (flag === '--mount') {
    const src = /(?:^|,)(?:source|src)=([^,]+)/.exec(v.text)?.[1];
    const dst = /(?:^|,)(?:target|destination|dst)=([^,]+)/.exec(v.text)?.[1];
    return src?.startsWith('/') && dst ? { host: src, ctr: dst } : undefined;
  }
  const [host, ctr] = v.text.split(':');
  // a named volume (`pgdata:/var/lib/postgresql`) is not a host path
  return host?.startsWith('/') && ctr?.startsWith('/') ? { host, ctr } : undefined;
}

function toHost(text: string, mounts: Mount[]): string | undefined {
  for (const m of [...mounts].sort((a, b) => b.ctr.length - a.ctr.length)) {
    const ctr = m.ctr.replace(/\/+$/, '');
    if (text === ctr || text.startsWith(`${ctr}/`))
      return m.host.replace(/\/+$/, '') + text.slice(ctr.length);
  }
  return undefined;
}

/** Map one argument: a container path (alone or after `--opt=`) to the host, or to `*`. */
function mapWord(v: Value, mounts: Mount[]): Value {
  const m = /^(--?[\w-]+=)?(\/.*)$/.exec(v.text);
  if (!m) return v;
  const host = toHost(m[2] as string, mounts);
  return { ...v, text: `${m[1] ?? ''}${host ?? '*'}`, resolved: true };
}

function containerRun(call: CommandCall): void {
  // `docker compose exec|run SERVICE CMD...` as `docker exec|run`
  const args = call.argv.slice(call.argv[1]?.text === 'compose' ? 2 : 1);
  const sub = args[0]?.text;
  if (sub !== 'run' && sub !== 'exec') return;
  const mounts: Mount[] = [];
  let workdir: string | undefined;
  let i = 1;
  for (; i < args.length; i++) {
    const t = (args[i] as Value).text;
    if (!t.startsWith('-')) break;
    const eq = t.indexOf('=');
    const flag = t.startsWith('--') && eq > 0 ? t.slice(0, eq) : t;
    if (!VALUED.has(flag)) continue;
    const value = eq > 0 && t.startsWith('--') ? { ...(args[i] as Value), text: t.slice(eq + 1) } : args[++i];
    if (!value) break;
    if (flag === '-v' || flag === '--volume' || flag === '--mount') {
      const m = parseMount(value, flag);
      if (m) mounts.push(m);
    }
    if (flag === '-w' || flag === '--workdir') workdir = value.text;
  }
  // `run IMAGE CMD...`; `exec CONTAINER CMD...`: mounts of a running container are not known here
  const inner = args.slice(i + 1).map((a) => mapWord(a, mounts));
  // a program of the image (not on a mounted path) is not the server's: nothing to follow
  if (inner.length === 0 || inner[0]?.text === '*') return;
  const run = call.run;
  run.withCwd(workdir ? (toHost(workdir, mounts) ?? '*') : '*', () =>
    run.dispatch({ ...call, name: inner[0]?.text ?? '', argv: inner, inlineEnv: new Map() }),
  );
}

/**
 * `kubectl exec [-n NS] POD [-c CTR] -- CMD...`: CMD runs in the pod, whose files are not the
 * server's (its working directory unknown); what it reads from databases and the network, and what
 * it prints into the script's redirections, are still its edges.
 */
function kubectlExec(call: CommandCall): void {
  const args = call.argv.slice(1);
  if (args[0]?.text !== 'exec') return;
  const dashes = args.findIndex((a) => a.text === '--');
  // the pod's paths are not the server's: an absolute one is unknown here (no mounts to map)
  const inner = dashes < 0 ? [] : args.slice(dashes + 1).map((a) => mapWord(a, []));
  if (inner.length === 0 || inner[0]?.text === '*') return;
  call.run.withCwd('*', () =>
    call.run.dispatch({ ...call, name: inner[0]?.text ?? '', argv: inner, inlineEnv: new Map() }),
  );
}

const commands: Record<string, Handler> = {
  docker: containerRun,
  podman: containerRun,
  'docker-compose': containerRun,
  'podman-compose': containerRun,
  kubectl: kubectlExec,
};

export const containerCommands: CommandResolver = {
  id: 'containers',
  title: 'docker/podman (and compose) run and exec, kubectl exec: the inner command, on mounted host paths',
  emits: ['reads', 'writes', 'invokes'],
  commands,
};
