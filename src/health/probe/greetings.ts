/**
 * What a server says before anyone logs in:
 * - MySQL/MariaDB send an initial handshake packet (MySQL Client/Server Protocol, "Protocol::Handshake"):
 *   3-byte length, 1-byte sequence id, then protocol version 10 and a NUL-terminated version string
 *   (MariaDB prefixes "5.5.5-" for old clients), or an ERR packet (0xff, 2-byte code, message) when it
 *   refuses this host; either way it is up.
 * - PostgreSQL answers an SSLRequest (Int32 length 8, Int32 80877103) with one byte: 'S' or 'N'
 *   (protocol docs, "SSL Session Encryption"). It tells no version before authentication.
 */

export interface MysqlGreeting {
  version?: string;
  error?: string;
}

export function parseMysqlGreeting(buf: Buffer): MysqlGreeting | undefined {
  if (buf.length < 5) return undefined;
  const len = buf.readUIntLE(0, 3);
  if (len === 0 || len > 65_536) throw new Error('not a MySQL/MariaDB handshake (bad packet length)');
  if (buf.length < 4 + len) return undefined;
  const payload = buf.subarray(4, 4 + len);
  if (payload[0] === 0xff) {
    const code = payload.readUInt16LE(1);
    const msg = payload
      .subarray(3)
      .toString('utf8')
      .replace(/^#\w{5}/, '');
    return { error: `error ${code}: ${msg}` };
  }
  if (payload[0] !== 10 && payload[0] !== 9)
    throw new Error(`not a MySQL/MariaDB handshake (protocol ${payload[0]})`);
  const end = payload.indexOf(0, 1);
  if (end < 0) throw new Error('handshake without a version string');
  const version = payload
    .subarray(1, end)
    .toString('latin1')
    .replace(/^5\.5\.5-/, '');
  return { version };
}

export const PG_SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

export function parsePostgresSslAnswer(buf: Buffer): 'S' | 'N' | 'E' | undefined {
  if (buf.length < 1) return undefined;
  const c = String.fromCharCode(buf[0]!);
  if (c === 'S' || c === 'N' || c === 'E') return c;
  throw new Error(`not a PostgreSQL answer to SSLRequest (byte 0x${buf[0]!.toString(16)})`);
}
