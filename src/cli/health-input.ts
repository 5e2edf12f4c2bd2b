/**
 * What `dfmap status`, `dfmap diagnose` and `--status` of export and view read before judging health:
 * the map's index, the server's ROOT and time zone, the time T, and whether to probe.
 */
import fs from 'node:fs';
import { type Command, Option } from 'commander';
import type { FlowIndex } from '../graph/flow-index.js';
import { DEFAULT_PROBE_TIMEOUT_MS, type HealthOptions, parseNow, readServerZone } from '../health/index.js';
import { UsageError } from '../model/errors.js';
import type { Io } from './io.js';
import { loadIndex, MAP_HELP } from './map-input.js';

export interface HealthFlags {
  map?: string;
  root?: string;
  at?: string;
  /** Deprecated name of --at. */
  now?: string;
  tz?: string;
  probe?: boolean;
  probeLoopback?: boolean;
  probeTimeout?: string;
  journal?: string[];
  json?: boolean;
}

/** The options status and diagnose share. */
export function addHealthOptions(cmd: Command): Command {
  return cmd
    .option('--map <file>', MAP_HELP)
    .option('--root <dir>', "the server's files (default: the ROOT the map was scanned from)")
    .option('--at <time>', "judge at this time (ISO 8601; without an offset, in the server's zone)")
    .addOption(new Option('--now <time>', 'old name of --at').hideHelp())
    .option('--tz <zone>', "the server's time zone (default: ROOT/etc/timezone or /etc/localtime)")
    .option('--probe', 'connect to the databases and endpoints the map names (never without this flag)')
    .option(
      '--probe-loopback',
      'with --probe: also probe localhost targets (they mean the scanned server, not this machine)',
    )
    .option(
      '--probe-timeout <ms>',
      'bound on each probe step (connect, answer)',
      String(DEFAULT_PROBE_TIMEOUT_MS),
    )
    .option(
      '--journal <file>',
      'a `journalctl -o json` export to read (repeatable)',
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option('--json', 'print the result as JSON');
}

export const HEALTH_HELP = `
Health comes from what the server recorded under ROOT: file times, cron's lines in /var/log/syslog*
and /var/log/cron* (rotated and .gz too), cron mails in /var/mail, the scripts' own logs, and the
journals given with --journal. Databases and endpoints are only contacted with --probe.`;

export interface LoadedHealth {
  /** The map as the analyses' index: loads several times faster than a graphology graph. */
  index: FlowIndex;
  opts: HealthOptions;
}

export function loadHealthInputs(io: Io, flags: HealthFlags): LoadedHealth {
  const index = loadIndex(io, flags.map);
  const root = flags.root ?? (typeof index.meta.root === 'string' ? index.meta.root : undefined);
  if (!root)
    throw new UsageError(`${flags.map ?? 'the map'}: the map does not say which ROOT it was scanned from.`, {
      hint: 'pass --root DIR',
    });
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new UsageError(`cannot read ROOT '${root}'${flags.root ? '' : ' (from the map)'}.`, {
      hint: 'pass --root with the directory that holds the server files (etc/, var/log/)',
    });
  }
  const timeout = Number(flags.probeTimeout ?? DEFAULT_PROBE_TIMEOUT_MS);
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 60_000) {
    throw new UsageError(
      `--probe-timeout '${flags.probeTimeout}' is not a number of milliseconds (1..60000).`,
    );
  }
  const zone = readServerZone(root, flags.tz);
  if (flags.tz && !isZone(flags.tz))
    throw new UsageError(`--tz: unknown time zone '${flags.tz}'.`, {
      hint: 'e.g. --tz Europe/Berlin, --tz UTC',
    });
  const when = atFlag(io, flags);
  const now = parseNow(when, zone.timeZone);
  let probe = Boolean(flags.probe);
  // a probe tells how a server is now; judging another moment with it mixes two times
  if (probe && when !== undefined && Math.abs(now.getTime() - Date.now()) > PROBE_NOW_SLACK_MS) {
    probe = false;
    io.err(`dfmap: --probe ignored: judging ${when}, not now; a probe can only tell how a server is now`);
  }
  const opts: HealthOptions = {
    root,
    now,
    probe,
    probeLoopback: Boolean(flags.probeLoopback),
    probeTimeoutMs: timeout,
    journals: flags.journal ?? [],
  };
  if (flags.tz) opts.timeZone = flags.tz;
  return { index, opts };
}

function isZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** How far --at may be from the clock for probes still to count as "now". */
const PROBE_NOW_SLACK_MS = 15 * 60_000;

/** `--at`, or the deprecated `--now` with a note. */
export function atFlag(io: Io, flags: { at?: string; now?: string }): string | undefined {
  if (flags.now !== undefined && flags.at === undefined) {
    io.err('dfmap: --now is the old name of --at; use --at');
    return flags.now;
  }
  return flags.at;
}
