/**
 * One bounded TCP exchange: resolve, connect, optionally send a few bytes, read until the parser is
 * satisfied. Every step has a timer (connect and read), so a host that accepts and never answers, or a
 * packet filter that drops SYNs, costs at most two timeouts and never hangs the command.
 */
import dns from 'node:dns';
import net from 'node:net';

export interface Failure {
  reason: 'dns' | 'refused' | 'timeout' | 'reset' | 'unreachable' | 'closed' | 'protocol' | 'error';
  detail: string;
}

export type Conversation<T> =
  | { ok: true; value: T; address: string }
  | { ok: false; failure: Failure; address?: string };

export interface ConverseOptions<T> {
  host: string;
  port: number;
  timeoutMs: number;
  send?: Buffer;
  /** Undefined: wait for more bytes; a value: done. */
  parse(received: Buffer): T | undefined;
  /** When the read times out after connecting: a value (a silent server that is fine) or a failure. */
  onSilence?(): T | Failure;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms % 1000 ? 1 : 0)} s`;

export async function resolveHost(host: string, timeoutMs: number): Promise<{ address: string } | Failure> {
  if (net.isIP(host)) return { address: host };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Failure>((resolve) => {
    timer = setTimeout(
      () => resolve({ reason: 'dns', detail: `no DNS answer for '${host}' in ${seconds(timeoutMs)}` }),
      timeoutMs,
    );
  });
  const lookup = dns.promises.lookup(host).then(
    (r) => ({ address: r.address }),
    (err: NodeJS.ErrnoException): Failure => ({
      reason: 'dns',
      detail: `'${host}' does not resolve (${err.code ?? err.message})`,
    }),
  );
  try {
    return await Promise.race([lookup, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function socketFailure(err: NodeJS.ErrnoException, host: string, port: number): Failure {
  switch (err.code) {
    case 'ECONNREFUSED':
      return { reason: 'refused', detail: `connection refused by ${host}:${port}` };
    case 'ECONNRESET':
    case 'EPIPE':
      return { reason: 'reset', detail: `connection reset by ${host}:${port}` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { reason: 'unreachable', detail: `${host}:${port} is unreachable (${err.code})` };
    default:
      return { reason: 'error', detail: `${host}:${port}: ${err.code ?? err.message}` };
  }
}

export async function converse<T>(opts: ConverseOptions<T>): Promise<Conversation<T>> {
  const resolved = await resolveHost(opts.host, opts.timeoutMs);
  if ('reason' in resolved) return { ok: false, failure: resolved };
  const { address } = resolved;
  return new Promise((resolve) => {
    let settled = false;
    let connected = false;
    let received = Buffer.alloc(0);
    const socket = net.connect({ host: address, port: opts.port });
    const finish = (r: Conversation<T>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const fail = (failure: Failure) => finish({ ok: false, failure, address });
    let timer = setTimeout(
      () =>
        fail({
          reason: 'timeout',
          detail: `no answer to TCP connect on port ${opts.port} in ${seconds(opts.timeoutMs)}`,
        }),
      opts.timeoutMs,
    );
    socket.on('connect', () => {
      connected = true;
      clearTimeout(timer);
      timer = setTimeout(() => {
        const silent = opts.onSilence?.();
        if (silent === undefined) {
          fail({
            reason: 'timeout',
            detail: `accepted the connection but sent nothing in ${seconds(opts.timeoutMs)}`,
          });
        } else if (isFailure(silent)) fail(silent);
        else finish({ ok: true, value: silent, address });
      }, opts.timeoutMs);
      if (opts.send) socket.write(opts.send);
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length > 65_536)
        return fail({ reason: 'protocol', detail: 'more than 64 KiB before a greeting ended' });
      try {
        const v = opts.parse(received);
        if (v !== undefined) finish({ ok: true, value: v, address });
      } catch (err) {
        fail({ reason: 'protocol', detail: (err as Error).message });
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => fail(socketFailure(err, opts.host, opts.port)));
    socket.on('close', () => {
      if (connected) fail({ reason: 'closed', detail: 'closed the connection without a greeting' });
    });
  });
}

function isFailure<T>(x: T | Failure): x is Failure {
  return typeof x === 'object' && x !== null && 'reason' in x && 'detail' in x;
}
