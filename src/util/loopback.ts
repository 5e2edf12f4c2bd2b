/**
 * Is a probe target this machine? Parsed numerically, the way the resolver will read it: inet_aton(3)
 * takes `127.1`, `2130706433`, `0x7f000001` and `017700000001` as 127.0.0.1, and `0` as 0.0.0.0
 * (which Linux connects to locally); an IPv6 address may carry an IPv4 one (`::ffff:127.0.0.1`).
 * A text test on `127.` misses all of those.
 */

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback']);

/** One inet_aton part: decimal, octal (leading 0) or hex (0x). */
function atonPart(s: string): number | undefined {
  if (/^0x[0-9a-f]*$/i.test(s)) return s.length === 2 ? 0 : Number.parseInt(s.slice(2), 16);
  if (/^0[0-7]*$/.test(s)) return Number.parseInt(s, 8);
  if (/^[1-9]\d*$/.test(s)) return Number(s);
  return undefined;
}

/** An IPv4 address in any spelling inet_aton accepts, as a 32-bit number. */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length < 1 || parts.length > 4 || text.length > 64) return undefined;
  const nums = parts.map(atonPart);
  if (nums.some((n) => n === undefined || !Number.isFinite(n))) return undefined;
  const n = nums as number[];
  const last = n[n.length - 1] as number;
  const lastMax = 2 ** (8 * (5 - n.length)) - 1;
  if (last > lastMax || n.slice(0, -1).some((x) => x > 255)) return undefined;
  let value = 0;
  for (let i = 0; i < n.length - 1; i++) value += (n[i] as number) * 2 ** (8 * (3 - i));
  return value + last;
}

/** An IPv6 address (zone id and brackets dropped) as 16 bytes. */
export function parseIPv6(text: string): number[] | undefined {
  let s = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!s.includes(':') || s.length > 64) return undefined;
  const tail: number[] = [];
  const v4 = /:(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const n = parseIPv4(v4[1] as string);
    if (n === undefined || !/^\d+\.\d+\.\d+\.\d+$/.test(v4[1] as string)) return undefined;
    tail.push(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
    s = `${s.slice(0, v4.index)}:0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0] as string);
  const rest = halves.length === 2 ? groups(halves[1] as string) : [];
  const fill = 8 - head.length - rest.length;
  if (halves.length === 1 ? fill !== 0 : fill < 0) return undefined;
  const all = [...head, ...Array<string>(fill).fill('0'), ...rest];
  const bytes: number[] = [];
  for (const g of all) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
    const v = Number.parseInt(g, 16);
    bytes.push(v >>> 8, v & 255);
  }
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

function isLoopbackV4(n: number): boolean {
  const first = n >>> 24;
  return first === 127 || first === 0;
}

/** Loopback on the scanned server is not loopback here: `localhost` in the map is the server itself. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (LOOPBACK_NAMES.has(h) || h.endsWith('.localhost')) return true;
  const v4 = parseIPv4(h);
  if (v4 !== undefined) return isLoopbackV4(v4);
  const v6 = parseIPv6(h);
  if (!v6) return false;
  const zeros = (from: number, to: number) => v6.slice(from, to).every((b) => b === 0);
  if (zeros(0, 15) && (v6[15] === 1 || v6[15] === 0)) return true; // ::1 and ::
  const v4tail =
    (v6[12] as number) * 2 ** 24 +
    ((v6[13] as number) << 16) +
    ((v6[14] as number) << 8) +
    (v6[15] as number);
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d)
  const mapped = zeros(0, 10) && v6[10] === 0xff && v6[11] === 0xff;
  return (mapped || zeros(0, 12)) && isLoopbackV4(v4tail);
}

/** The wildcard addresses: bound to one of these, a server is reached by any of the machine's names. */
export function isUnspecifiedHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === '0.0.0.0' || h === '::' || h === '0:0:0:0:0:0:0:0';
}
