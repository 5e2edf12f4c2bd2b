/**
 * The scanned server's time zone, read under ROOT the way glibc and cron find it: `/etc/timezone`
 * (Debian), the `/etc/localtime` symlink target (`../usr/share/zoneinfo/Europe/Berlin`), or the POSIX TZ
 * string at the end of a copied TZif file (tzfile(5): a v2+ file ends with "\nTZ-string\n").
 * A job's crontab may set `CRON_TZ=` (cronie: the schedule's zone) and `TZ=` (the job's environment,
 * so the zone its own log timestamps are written in).
 */
import { type Diagnostic, warning } from '../../model/diagnostic.js';
import { ServerFs } from '../../util/server-fs.js';
import { isValidTimeZone } from './zoned.js';

export interface ServerZone {
  timeZone: string;
  /** Where it was read from, for evidence. */
  source: string;
  diagnostics: Diagnostic[];
}

/** `UTC0`, `EST5`, `<+03>-3`: fixed offsets only; POSIX signs are inverted relative to ISO. */
function zoneFromPosixString(tzString: string): string | undefined {
  const m = /^(?:[A-Za-z]{3,}|<[+-]?\w+>)([+-]?)(\d{1,2})$/.exec(tzString.trim());
  if (!m) return undefined;
  const hours = Number(m[2]);
  if (hours === 0) return 'UTC';
  // POSIX "EST5" means 5 hours west; Etc/GMT+5 is also 5 hours west (the Etc names share POSIX's sign).
  return `Etc/GMT${m[1] === '-' ? '-' : '+'}${hours}`;
}

/** A zone file is a few KB; this bounds a link to /dev/zero or a huge file planted there. */
const MAX_ZONE_FILE = 1024 * 1024;

function fromLocaltime(sfs: ServerFs, diagnostics: Diagnostic[]): ServerZone | undefined {
  const target = sfs.readlink('/etc/localtime');
  if (target !== undefined) {
    const i = target.indexOf('zoneinfo/');
    if (i >= 0) {
      const name = target.slice(i + 'zoneinfo/'.length).replace(/^(posix|right)\//, '');
      if (isValidTimeZone(name))
        return { timeZone: name, source: `/etc/localtime -> ${target}`, diagnostics };
    }
  }
  // not a symlink to a zone name: maybe a copied TZif file (read inside ROOT, bounded, regular files only)
  const read = sfs.readBytes('/etc/localtime', { maxBytes: MAX_ZONE_FILE });
  if (!read.ok) {
    if (read.diagnostic.code !== 'file-missing') diagnostics.push(read.diagnostic);
    return undefined;
  }
  const buf = read.bytes;
  if (buf.subarray(0, 4).toString('latin1') !== 'TZif') return undefined;
  const text = buf.toString('latin1');
  const footer = text.slice(text.lastIndexOf('\n', text.length - 2) + 1).trim();
  const tz = zoneFromPosixString(footer);
  if (tz) return { timeZone: tz, source: `/etc/localtime (TZ string "${footer}")`, diagnostics };
  diagnostics.push(
    warning(
      'time-zone-unknown',
      `/etc/localtime: a copied zone file with rule "${footer}" that dfmap cannot name; assuming UTC.`,
      { file: '/etc/localtime' },
      'pass --tz ZONE (e.g. --tz Europe/Berlin) so log times and schedules are read in the right zone',
    ),
  );
  return undefined;
}

export function readServerZone(root: string, override?: string): ServerZone {
  const diagnostics: Diagnostic[] = [];
  if (override) return { timeZone: override, source: '--tz', diagnostics };
  const sfs = new ServerFs(root);
  const tzFile = sfs.readText('/etc/timezone');
  if (tzFile.ok) {
    const name = tzFile.text.split('\n')[0]?.trim() ?? '';
    if (name && isValidTimeZone(name)) return { timeZone: name, source: '/etc/timezone', diagnostics };
    if (name) {
      diagnostics.push(
        warning('time-zone-unknown', `/etc/timezone: '${name}' is not a time zone name.`, {
          file: '/etc/timezone',
          line: 1,
        }),
      );
    }
  }
  const lt = fromLocaltime(sfs, diagnostics);
  if (lt) return lt;
  return { timeZone: 'UTC', source: 'default (no /etc/timezone or /etc/localtime under ROOT)', diagnostics };
}

export interface JobZones {
  /** Zone the schedule is evaluated in (CRON_TZ), if the crontab sets one. */
  cronTz?: string;
  /** Zone of the job's environment (TZ), the zone its own log timestamps use. */
  tz?: string;
}

export interface ZoneAssignment {
  line: number;
  name: 'CRON_TZ' | 'TZ';
  zone: string;
}

/**
 * `CRON_TZ=` and `TZ=` assignments above a crontab line (the last one before the job wins). A crontab
 * is read once per `cache` however many jobs it holds (a generated crontab may have thousands).
 */
export function readJobZones(
  sfs: ServerFs,
  source: string | undefined,
  line: number | undefined,
  cache: Map<string, ZoneAssignment[]> = new Map(),
): JobZones {
  if (!source || !line) return {};
  let assignments = cache.get(source);
  if (!assignments) {
    assignments = [];
    const r = sfs.readText(source);
    if (r.ok) {
      r.text.split('\n').forEach((l, i) => {
        const m = /^\s*(CRON_TZ|TZ)\s*=\s*["']?([\w/+-]+)["']?\s*$/.exec(l);
        if (m?.[2] && isValidTimeZone(m[2]))
          assignments!.push({ line: i + 1, name: m[1] as 'CRON_TZ' | 'TZ', zone: m[2] });
      });
    }
    cache.set(source, assignments);
  }
  const zones: JobZones = {};
  for (const a of assignments) {
    if (a.line >= line) break;
    if (a.name === 'CRON_TZ') zones.cronTz = a.zone;
    else zones.tz = a.zone;
  }
  return zones;
}
