/**
 * Never store or print a secret. Everything that leaves an extractor (attributes, evidence snippets,
 * diagnostics), every health evidence line and every exported text passes through these functions.
 *
 * The constructs are a table (`redact-table.ts`); matching is hand-written and linear in the length
 * of the text: every rule walks the text once, looks back a bounded distance, and searches for a
 * closing quote through a memo, so no input (a crontab line of one keyword repeated 16 KB times)
 * can make redaction slow. Regular expressions here only ever run on a bounded key (64 chars).
 */
import {
  AUTH_SCHEMES,
  FLAG_ROWS,
  type FlagRow,
  LOGON_WORDS,
  NOT_SECRET_KEY_ENDINGS,
  PAIR_CALLS,
  SECRET_AFTER_WORDS,
  SECRET_KEY_SEGMENTS,
  SECRET_KEY_WORDS,
  WHOLE_VALUE_KEYS,
} from './redact-table.js';
import { NextIndex, type Token, tokenize } from './redact-tokens.js';

export const REDACTED = '***';

/** Strip user-info from a URL-like string: `mysql://etl:secret@db01/sales` -> `mysql://db01/sales`. */
export function stripUserInfo(url: string): string {
  return url.replace(/^([a-zA-Z][\w+.-]*:\/\/)[^/@\s]*@/, '$1');
}

type Range = [number, number];

const MAX_KEY = 64;

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t';
const isWs = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isKeyChar = (c: string | undefined): boolean => c !== undefined && /[\w.-]/.test(c);
const isQuote = (c: string | undefined): boolean => c === '"' || c === "'" || c === '`';

/** Does this key (`PGPASSWORD`, `"api_key"`, `--oauth2-bearer`) name a secret? */
export function isSecretKey(key: string): boolean {
  const norm = key.toLowerCase().slice(-MAX_KEY);
  const segments = norm.split(/[-_.]+/).filter(Boolean);
  if (segments.some((s) => SECRET_KEY_SEGMENTS.includes(s))) return true;
  const flat = segments.join('');
  if (!SECRET_KEY_WORDS.some((w) => flat.includes(w))) return false;
  return !NOT_SECRET_KEY_ENDINGS.some((e) => flat.endsWith(e));
}

/** Redact secrets in free text (a source line, a command, a message, a log line). */
export function redactText(text: string): string {
  if (text.length === 0) return text;
  const ranges: Range[] = [];
  const next = new NextIndex(text);
  urlUserInfo(text, ranges);
  keyValues(text, next, ranges);
  oracleLogons(text, ranges);
  pairCalls(text, next, ranges);
  awsKeyIds(text, ranges);
  queryParams(text, ranges);
  tokenRules(text, tokenize(text, next), ranges);
  return applyRanges(text, ranges);
}

function applyRanges(text: string, ranges: Range[]): string {
  const kept = ranges.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  if (kept.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [a, b] of kept) {
    if (b <= at) continue;
    if (a >= at) out += `${text.slice(at, a)}${REDACTED}`;
    at = b;
  }
  return out + text.slice(at);
}

/**
 * `scheme://user:password@host` -> `scheme://user:***@host` (also `redis://:password@host`, and
 * `scheme:/user:password@host` as a path normalisation leaves a URL used as a file name).
 */
function urlUserInfo(text: string, out: Range[]): void {
  for (let i = text.indexOf(':/'); i !== -1; i = text.indexOf(':/', i + 2)) {
    let j = i + 2;
    if (text[j] === '/') j++;
    const start = j;
    let colon = -1;
    while (j < text.length && !'/@?#<>\'"'.includes(text[j] as string) && !isWs(text[j])) {
      if (text[j] === ':' && colon === -1) colon = j;
      j++;
    }
    if (text[j] === '@' && colon !== -1 && colon >= start) out.push([colon + 1, j]);
  }
}

/** `key = value`, `key: value`, `"key": "value"`, `key => 'value'` for keys that name a secret. */
function keyValues(text: string, next: NextIndex, out: Range[]): void {
  let pos = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((c !== ':' && c !== '=') || i < pos) continue;
    let v = i + 1;
    if (c === ':' && text[v] === '/' && text[v + 1] === '/') continue; // a URL's scheme
    if (text[v] === '>' || text[v] === '=' || (c === ':' && text[v] === '=')) v++;
    const key = keyBefore(text, i);
    if (!key || !isSecretKey(key)) continue;
    while (isSpace(text[v])) v++;
    const lower = key.toLowerCase();
    if ((lower === 'pwd' || lower === 'oldpwd') && (text[v] === '/' || text[v] === '$')) continue; // shell's working directory
    const whole = WHOLE_VALUE_KEYS.includes(lower.replace(/^["']|["']$/g, ''));
    pos = maskValue(text, v, next, out, whole);
  }
}

/** The key that ends just before a separator, or undefined (a path component is no key). */
function keyBefore(text: string, sep: number): string | undefined {
  let k = sep - 1;
  for (let n = 0; n < 4 && isSpace(text[k]); n++) k--;
  if (isQuote(text[k])) k--;
  const end = k + 1;
  while (k >= 0 && end - k <= MAX_KEY && isKeyChar(text[k])) k--;
  if (end - k > MAX_KEY) return text.slice(end - MAX_KEY, end);
  if (text[k] === '/') return undefined;
  const key = text.slice(k + 1, end);
  return key.length > 0 ? key : undefined;
}

/** Mask the value that starts at `v`; returns where scanning may go on. */
function maskValue(text: string, v: number, next: NextIndex, out: Range[], whole: boolean): number {
  const c = text[v];
  const eol = (from: number) => {
    const nl = next.of('\n', from);
    return nl === -1 ? text.length : nl;
  };
  if (isQuote(c)) {
    const close = next.of(c as string, v + 1);
    if (close !== -1 && close < eol(v)) {
      out.push([afterScheme(text, v + 1, close), close]);
      return close + 1;
    }
    v++;
  } else if (c === '(' || c === '[' || c === '{') {
    const close = next.of(c === '(' ? ')' : c === '[' ? ']' : '}', v + 1);
    if (close !== -1 && close < eol(v)) {
      const comma = next.of(',', v + 1);
      out.push([comma !== -1 && comma < close ? comma + 1 : v + 1, close]);
      return close + 1;
    }
  }
  let e = v;
  if (whole) {
    while (e < text.length && text[e] !== '\n' && !isQuote(text[e])) e++;
    out.push([v, e]);
    return e;
  }
  const start = afterScheme(text, v, text.length);
  e = start;
  while (e < text.length && !isWs(text[e]) && !'"\'`,;)}]&'.includes(text[e] as string)) e++;
  out.push([start, e]);
  return e;
}

/** Skip an HTTP auth scheme word (`Bearer `, `Basic `, `token `): the credential follows it. */
function afterScheme(text: string, from: number, limit: number): number {
  let e = from;
  while (e < limit && e - from < 20 && /[\w-]/.test(text[e] as string)) e++;
  if (e === from || !isSpace(text[e])) return from;
  if (!AUTH_SCHEMES.includes(text.slice(from, e).toLowerCase())) return from;
  while (e < limit && isSpace(text[e])) e++;
  return e;
}

/** Oracle `user/password@connect` (also inside `jdbc:oracle:thin:user/password@host`). */
function oracleLogons(text: string, out: Range[]): void {
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    if (!/[\w/(]/.test(text[at + 1] ?? '')) continue;
    let b = at - 1;
    while (b >= 0 && !isWs(text[b]) && !'@/\'"'.includes(text[b] as string)) b--;
    if (text[b] !== '/' || b === at - 1) continue;
    let s = b - 1;
    while (s >= 0 && /[\w$#]/.test(text[s] as string)) s--;
    const ident = text.slice(s + 1, b);
    if (!/^[A-Za-z_]/.test(ident)) continue;
    if (s >= 0 && !isWs(text[s]) && !'\'"=:'.includes(text[s] as string)) continue;
    out.push([b + 1, at]);
  }
}

/** `HTTPBasicAuth("u", "p")`, `ftp.login("u", "p")`: the second argument. */
function pairCalls(text: string, next: NextIndex, out: Range[]): void {
  for (const call of PAIR_CALLS) {
    for (let i = text.indexOf(call); i !== -1; i = text.indexOf(call, i + call.length)) {
      const open = i + call.length;
      const close = next.of(')', open);
      const comma = next.of(',', open);
      if (close !== -1 && comma !== -1 && comma < close) out.push([comma + 1, close]);
    }
  }
}

/** AWS access key ids (`AKIA` + 16 upper-case letters or digits). */
function awsKeyIds(text: string, out: Range[]): void {
  for (let i = text.indexOf('AKIA'); i !== -1; i = text.indexOf('AKIA', i + 4)) {
    const id = text.slice(i, i + 20);
    if (/^AKIA[0-9A-Z]{16}$/.test(id) && !/\w/.test(text[i - 1] ?? '') && !/\w/.test(text[i + 20] ?? ''))
      out.push([i, i + 20]);
  }
}

const CLIENTS = new Set<string>([...FLAG_ROWS.flatMap((r) => r.clients ?? [])]);
const LOGONS = new Set(LOGON_WORDS);
/** find(1) and friends: `-print` is not mysql's `-p` with a password. */
const NOT_ATTACHED = new Set([
  '-print',
  '-print0',
  '-printf',
  '-perm',
  '-path',
  '-prune',
  '-passin',
  '-pubkey',
]);

/** Rules over shell-like words: option flags per client, long options that say secret, logons, word sequences. */
function tokenRules(text: string, tokens: Token[], out: Range[]): void {
  let client: string | undefined;
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t] as Token;
    const word = tok.core;
    const named = clientOf(commandName(word));
    if (named) client = named;
    const nextTok = tokens[t + 1];
    for (const row of flagRowsFor(word)) {
      if (row.clients && !(client && row.clients.includes(client))) continue;
      const value = flagValue(row, tok, nextTok);
      if (value) maskPart(text, unquote(text, value), row.part, out);
    }
    if (word.startsWith('--') && !word.includes('=') && isSecretKey(word.slice(2)) && nextTok)
      if (!nextTok.core.startsWith('-')) out.push([nextTok.coreStart, nextTok.coreEnd]);
    if (word.length <= 8 && LOGONS.has(word.toLowerCase())) logonAfter(text, tokens, t, out);
    wordSequences(tokens, t, out);
  }
}

/**
 * The flag rows a word can be: every form (`-p X`, `--user=X`, `-pX`) needs the word to start with
 * the row's flag, so only rows whose flag starts with the word's first character (kept in table
 * order) are tried. Most words are paths and values, and try none.
 */
const ROWS_BY_FIRST = new Map<string, readonly FlagRow[]>();
function flagRowsFor(word: string): readonly FlagRow[] {
  const first = word.charAt(0);
  let rows = ROWS_BY_FIRST.get(first);
  if (!rows) {
    rows = FLAG_ROWS.filter((r) => r.flag === '' || r.flag.charAt(0) === first);
    ROWS_BY_FIRST.set(first, rows);
  }
  return rows;
}

/** The command a word names: `/usr/bin/mysql` -> `mysql`, `subprocess.run(["sshpass` -> `sshpass`. */
/**
 * The client a command name stands for: its own name, or that of the client a site's wrapper is
 * named after (`isql_r`, `mysql-prod`: a client name, `_` or `-`, a word), which takes its options.
 */
function clientOf(base: string): string | undefined {
  if (CLIENTS.has(base)) return base;
  const m = /^(.+)[_-][a-z0-9]+$/i.exec(base);
  return m && CLIENTS.has(m[1] as string) ? m[1] : undefined;
}

function commandName(word: string): string {
  let i = word.length - 1;
  while (i >= 0 && !'/(["\''.includes(word[i] as string)) i--;
  return word.slice(i + 1);
}

/** Where a flag row's value sits for this word, if the word is that flag. */
function flagValue(row: FlagRow, tok: Token, nextTok: Token | undefined): Range | undefined {
  const word = tok.core;
  if (row.forms.includes('next') && word === row.flag && nextTok) return [nextTok.coreStart, nextTok.coreEnd];
  if (row.forms.includes('equals') && word.startsWith(`${row.flag}=`))
    return [tok.coreStart + row.flag.length + 1, tok.coreEnd];
  const attached =
    row.forms.includes('attached') &&
    word.length > row.flag.length &&
    word.startsWith(row.flag) &&
    !word.startsWith('--') &&
    !NOT_ATTACHED.has(word);
  return attached ? [tok.coreStart + row.flag.length, tok.coreEnd] : undefined;
}

function unquote(text: string, [a, b]: Range): Range {
  let s = a;
  let e = b;
  if (isQuote(text[s])) s++;
  if (e > s && isQuote(text[e - 1])) e--;
  return [s, e];
}

function maskPart(text: string, [a, b]: Range, part: 'all' | 'after-sep', out: Range[]): void {
  if (part === 'all') {
    out.push([a, b]);
    return;
  }
  for (let i = a; i < b; i++) {
    const c = text[i];
    if (c === '/') return; // a path or URL, not user:password
    if (c === ':' || c === '%' || c === ',') {
      out.push([i + 1, b]);
      return;
    }
  }
}

/** `sqlplus -s user/password@db`, `CONNECT user/password`: the password of the first logon word. */
function logonAfter(text: string, tokens: Token[], t: number, out: Range[]): void {
  for (let k = t + 1; k < Math.min(tokens.length, t + 4); k++) {
    const tok = tokens[k] as Token;
    if (tok.core.startsWith('-')) continue;
    const m = /^([A-Za-z_][\w$#]*)\/([^@/]+)/.exec(text.slice(tok.coreStart, tok.coreEnd));
    if (m) {
      const s = tok.coreStart + (m[1] as string).length + 1;
      out.push([s, s + (m[2] as string).length]);
    }
    // `etl / password` as a tokenizer (an SQL message) spaces it
    const slash = tokens[k + 1];
    const pass = tokens[k + 2];
    if (!m && slash?.core === '/' && pass) out.push([pass.coreStart, pass.coreEnd]);
    return;
  }
}

/** Sequences by their first word (lowercased), each list in table order with those that start with `*`. */
const ANY_FIRST = SECRET_AFTER_WORDS.filter((q) => q.words[0] === '*');
const SEQUENCES_BY_FIRST = new Map(
  SECRET_AFTER_WORDS.filter((q) => q.words[0] !== '*').map((q) => [
    q.words[0] as string,
    SECRET_AFTER_WORDS.filter((x) => x.words[0] === '*' || x.words[0] === q.words[0]),
  ]),
);
const sequencesFor = (word: string) => SEQUENCES_BY_FIRST.get(word.toLowerCase()) ?? ANY_FIRST;

function wordSequences(tokens: Token[], t: number, out: Range[]): void {
  for (const seq of sequencesFor((tokens[t] as Token).core)) {
    if (seq.firstOnly && !(tokens[t] as Token).first) continue;
    let ok = true;
    for (let k = 0; k < seq.words.length && ok; k++) {
      const tok = tokens[t + k];
      const w = seq.words[k];
      ok =
        tok !== undefined &&
        (w === '*' || (tok.core.length === w?.length && tok.core.toLowerCase() === w)) &&
        (k === 0 || !tok.first);
    }
    const secret = tokens[t + seq.words.length];
    if (ok && secret && !secret.first && !/^[=:>]+$/.test(secret.core))
      out.push([secret.coreStart, secret.coreEnd]);
  }
}

/**
 * Incoming-webhook URLs carry their secret in the path: Slack's `/services/T../B../X..`, and the
 * `/hooks/KEY` (Mattermost, Rocket.Chat), `/webhooks/ID/TOKEN` (Discord), `/webhookb2/...` (Teams)
 * forms. Only the prefix before the secret is kept.
 */
const WEBHOOK_TOKEN =
  /^([a-z][\w+.-]*:\/\/(?:hooks\.slack\.com\/services|[^/?#]+(?:\/[^/?#]+)*?\/(?:hooks|webhooks?|webhookb2))\/)[^?#]+/i;

/**
 * Query parameters that carry a secret: passwords, tokens and keys, an Azure SAS's `sig`, and an
 * AWS presigned URL's `X-Amz-Signature`, `X-Amz-Credential` and `X-Amz-Security-Token`.
 */
const SECRET_PARAMS =
  /([?&](?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?token|signature|sig|key|x-amz-signature|x-amz-credential|x-amz-security-token)=)([^&#\s'"`]*)/gi;

/** Redact a URL for storage: drop user-info entirely (identity must not depend on the user) and secret query parameters. */
export function redactUrl(url: string): string {
  const noUser = stripUserInfo(url).replace(WEBHOOK_TOKEN, `$1${REDACTED}`);
  return noUser.replace(SECRET_PARAMS, `$1${REDACTED}`);
}

/** A URL's secret query parameters in free text (`azcopy copy F "https://a.blob.../c?sv=...&sig=SECRET"`). */
function queryParams(text: string, out: Range[]): void {
  if (!text.includes('=')) return;
  for (const m of text.matchAll(SECRET_PARAMS)) {
    const start = (m.index ?? 0) + (m[1]?.length ?? 0);
    if ((m[2]?.length ?? 0) > 0) out.push([start, start + (m[2]?.length ?? 0)]);
  }
}

/** Redact every string inside a JSON-like value. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSecretKey(k) ? REDACTED : redactDeep(v);
    }
    return out as T;
  }
  return value;
}
