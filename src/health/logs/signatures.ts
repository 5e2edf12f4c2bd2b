/**
 * What an error looks like in a job's output: the signatures people grep for. Each is a rule for a
 * construct (a Python traceback, a client library's connect failure), never for one server's messages.
 * Connection failures also name the host when the message does, so diagnose can point at a database.
 */

export type SignatureKind =
  | 'traceback'
  | 'connect'
  | 'dns'
  | 'permission'
  | 'no-such-file'
  | 'exit-status'
  | 'fatal'
  | 'error';

export interface ErrorSignature {
  kind: SignatureKind;
  /** The matched line, trimmed. */
  text: string;
  /** For `connect`/`dns`: the host the message names, and the protocol family it comes from. */
  host?: string;
  family?: 'mysql' | 'postgres' | 'http' | 'generic';
}

interface Rule {
  kind: SignatureKind;
  re: RegExp;
  family?: ErrorSignature['family'];
}

/** Most telling first: when one line matches several rules, the first wins. */
const RULES: Rule[] = [
  { kind: 'dns', re: /Unknown MySQL server host '([^']+)'/, family: 'mysql' },
  { kind: 'dns', re: /could not translate host name "([^"]+)"/, family: 'postgres' },
  { kind: 'dns', re: /Could not resolve host:? ['"]?([\w.-]+)/, family: 'http' },
  {
    kind: 'dns',
    re: /(?:Name or service not known|nodename nor servname|getaddrinfo (?:ENOTFOUND|failed)|Temporary failure in name resolution)/,
  },
  {
    kind: 'connect',
    re: /Can't connect to (?:local )?(?:MySQL|MariaDB) server(?: on '([^']+)')?/i,
    family: 'mysql',
  },
  { kind: 'connect', re: /Lost connection to (?:MySQL|MariaDB) server/i, family: 'mysql' },
  { kind: 'connect', re: /connection to server (?:at|on) "([^"]+)"[^\n]*failed/, family: 'postgres' },
  { kind: 'connect', re: /could not connect to server/i, family: 'postgres' },
  { kind: 'connect', re: /server closed the connection unexpectedly/, family: 'postgres' },
  { kind: 'connect', re: /(?:HTTPS?ConnectionPool)\(host='([^']+)'/, family: 'http' },
  { kind: 'connect', re: /Failed to connect to ([\w.-]+) port \d+/, family: 'http' },
  {
    kind: 'connect',
    re: /Failed to establish a new connection|Connection refused|ECONNREFUSED|Connection timed out|ETIMEDOUT|No route to host/,
  },
  { kind: 'permission', re: /[Pp]ermission denied|EACCES|Operation not permitted|Access denied for user/ },
  { kind: 'no-such-file', re: /No such file or directory|FileNotFoundError|ENOENT|cannot access '/ },
  {
    kind: 'exit-status',
    re: /(?:exit(?:ed)? (?:status|code)|returned non-zero exit status)[ =:]*([1-9]\d*)/i,
  },
  {
    kind: 'fatal',
    re: /\b(?:FATAL|CRITICAL|PANIC)\b|\bpanic: |Segmentation fault|Killed|Out of memory|MemoryError/,
  },
  {
    kind: 'error',
    re: /\bERROR\b|\bException\b|\b[A-Z]\w*Error: |^\S+: line \d+: |\berror: |command not found/,
  },
];

/** The last line of a Python traceback: `pkg.module.SomeError: message` (or a bare `KeyError`). */
const EXCEPTION_LINE =
  /^(?:[A-Za-z_][\w.]*\.)?[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Failure|Warning)\b(?::|$)/;
const TRACEBACK = /^Traceback \(most recent call last\):/;

export function matchSignature(line: string): ErrorSignature | undefined {
  const text = line.trim();
  if (!text) return undefined;
  if (TRACEBACK.test(text)) return { kind: 'traceback', text };
  for (const r of RULES) {
    const m = r.re.exec(text);
    if (!m) continue;
    const sig: ErrorSignature = { kind: r.kind, text };
    if (m[1] && (r.kind === 'connect' || r.kind === 'dns')) sig.host = m[1].replace(/:\d+$/, '');
    if (r.family) sig.family = r.family;
    else if (r.kind === 'connect' || r.kind === 'dns') sig.family = 'generic';
    return sig;
  }
  return undefined;
}

export function isExceptionLine(line: string): boolean {
  return EXCEPTION_LINE.test(line.trim());
}

const PRIORITY: Record<SignatureKind, number> = {
  dns: 8,
  connect: 8,
  permission: 7,
  'no-such-file': 7,
  traceback: 5,
  fatal: 6,
  'exit-status': 4,
  error: 3,
};

/**
 * The one line that best explains a run's failure, from the lines of that run (oldest first): the
 * exception that ended a traceback, a connection or file error, else the last error line.
 */
export function explainFailure(lines: string[]): ErrorSignature | undefined {
  let best: ErrorSignature | undefined;
  let inTraceback = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (TRACEBACK.test(line)) {
      inTraceback = true;
      best = pick(best, { kind: 'traceback', text: line });
      continue;
    }
    const sig = matchSignature(line);
    if (inTraceback && isExceptionLine(line)) {
      inTraceback = false;
      // The exception line is the traceback's message: it replaces the header (equal priority, later wins)
      // and keeps a more specific kind (connect, dns) with the host it names.
      const kind = sig && sig.kind !== 'error' ? sig.kind : 'traceback';
      best = pick(best, { ...sig, kind, text: line });
      continue;
    }
    if (sig) best = pick(best, sig);
  }
  return best;
}

function pick(cur: ErrorSignature | undefined, next: ErrorSignature): ErrorSignature {
  if (!cur) return next;
  return PRIORITY[next.kind] >= PRIORITY[cur.kind] ? next : cur;
}
