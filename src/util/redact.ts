/**
 * Never store or print a secret. Everything that leaves an extractor (attributes, evidence snippets,
 * diagnostics) passes through these functions.
 */

export const REDACTED = '***';

/** Strip user-info from a URL-like string: `mysql://etl:secret@db01/sales` -> `mysql://db01/sales`. */
export function stripUserInfo(url: string): string {
  return url.replace(/^([a-zA-Z][\w+.-]*:\/\/)[^/@\s]*@/, '$1');
}

const PATTERNS: Array<[RegExp, string]> = [
  // scheme://user:password@host  -> scheme://user:***@host
  [/([a-zA-Z][\w+.-]*:\/\/[^/:@\s'"]+):[^@/\s'"]+@/g, `$1:${REDACTED}@`],
  // key = value / key: value / "key": "value" for secret-looking keys
  [
    /((?:["']?)(?:[\w.-]*(?:passw(?:or)?d|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?|auth)[\w.-]*)["']?\s*[:=]\s*)(["']?)([^\s"',;)}\]]+)\2/gi,
    `$1$2${REDACTED}$2`,
  ],
  // key=value in shell/env form with quoted values containing spaces
  [
    /\b(PGPASSWORD|MYSQL_PWD|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN)=("[^"]*"|'[^']*'|\S+)/g,
    `$1=${REDACTED}`,
  ],
  // mysql -pSECRET / --password=SECRET
  [/(\s-p)(?!\s)([^\s'"]+)/g, `$1${REDACTED}`],
  [/(--password[= ])(\S+)/g, `$1${REDACTED}`],
  // curl -u user:pass / --user user:pass
  [/(\s(?:-u|--user)\s+['"]?[^:\s'"]+:)([^\s'"]+)/g, `$1${REDACTED}`],
  // smbclient -U user%pass
  [/(\s(?:-U|--user)\s*['"]?[^%\s'"]+%)([^\s'"]+)/g, `$1${REDACTED}`],
  // lftp -u user,pass
  [/(\s(?:-u|--user)\s+['"]?[^,:\s'"]+,)([^\s'"]+)/g, `$1${REDACTED}`],
  // HTTP auth headers
  [
    /((?:Authorization|X-Api-Key|X-Auth-Token)["']?\s*[:=]\s*["']?(?:Bearer\s+|Basic\s+|Token\s+)?)([^\s"']+)/gi,
    `$1${REDACTED}`,
  ],
  // Oracle logons: `user/password@connect`, and `sqlplus user/password`, `CONNECT user/password`
  [/(^|[\s'"=])([A-Za-z_][\w$#]*\/)([^\s@/'"]+)@(?=[\w/(])/g, `$1$2${REDACTED}@`],
  [/(\b(?:sqlplus|conn(?:ect)?)\s+(?:-\w+\s+)*['"]?[A-Za-z_][\w$#]*\/)([^\s@/'";]+)/gi, `$1${REDACTED}`],
  // password passed positionally in a connect() call is handled by extractors; AWS key ids
  [/\bAKIA[0-9A-Z]{16}\b/g, REDACTED],
];

/** Redact secrets in free text (a source line, a command, a message). */
export function redactText(text: string): string {
  let out = text;
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
}

/**
 * Incoming-webhook URLs carry their secret in the path: Slack's `/services/T../B../X..`, and the
 * `/hooks/KEY` (Mattermost, Rocket.Chat), `/webhooks/ID/TOKEN` (Discord), `/webhookb2/...` (Teams)
 * forms. Only the prefix before the secret is kept.
 */
const WEBHOOK_TOKEN =
  /^([a-z][\w+.-]*:\/\/(?:hooks\.slack\.com\/services|[^/?#]+(?:\/[^/?#]+)*?\/(?:hooks|webhooks?|webhookb2))\/)[^?#]+/i;

/** Redact a URL for storage: drop user-info entirely (identity must not depend on the user) and secret query parameters. */
export function redactUrl(url: string): string {
  const noUser = stripUserInfo(url).replace(WEBHOOK_TOKEN, `$1${REDACTED}`);
  return noUser.replace(
    /([?&](?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?token|signature|sig|key)=)[^&#]*/gi,
    `$1${REDACTED}`,
  );
}

/** Redact every string inside a JSON-like value. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = /passw(or)?d|passwd|secret|token|api[_-]?key/i.test(k) ? REDACTED : redactDeep(v);
    }
    return out as T;
  }
  return value;
}
