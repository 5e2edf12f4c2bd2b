/**
 * The unknown-value discipline: an unresolved part of a shell word becomes `*` in its place, the
 * literal parts survive in order, a word is never split, and the edge is `partial` when a `*` is in
 * it. A property test over random words, then the constructs that broke it on real servers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rng as prng } from '../../helpers/prng.js';
import { extractShell, keys } from '../../helpers/shell.js';

const KNOWN: Record<string, string> = { REGION: 'north', STAMP: 'v2.1', K_3: 'x' };
const UNKNOWN_NAMES = ['DAY', 'W', 'RUN_ID', 'u9'];

interface Piece {
  /** Shell source. */
  src: string;
  /** What static analysis must make of it. */
  expect: string;
  /** A bare `$NAME` whose next character must not extend the name. */
  bareName?: boolean;
}

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)] as T;
}

function literal(rand: () => number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789_-.';
  let s = '';
  const n = 1 + Math.floor(rand() * 6);
  for (let i = 0; i < n; i++) s += pick(rand, [...alphabet]);
  return s;
}

function piece(rand: () => number): Piece {
  const known = pick(rand, Object.keys(KNOWN));
  const unknown = pick(rand, UNKNOWN_NAMES);
  const lit = literal(rand);
  const kinds: Array<() => Piece> = [
    () => ({ src: lit, expect: lit }),
    () => ({ src: `"${lit}"`, expect: lit }),
    () => ({ src: `'${lit}'`, expect: lit }),
    () => ({ src: `$${known}`, expect: KNOWN[known] as string, bareName: true }),
    () => ({ src: `\${${known}}`, expect: KNOWN[known] as string }),
    () => ({ src: `"$${known}"`, expect: KNOWN[known] as string }),
    () => ({ src: `"\${${known}}${lit}"`, expect: `${KNOWN[known]}${lit}` }),
    () => ({ src: `$${unknown}`, expect: '*', bareName: true }),
    () => ({ src: `\${${unknown}}`, expect: '*' }),
    () => ({ src: `"$${unknown}"`, expect: '*' }),
    () => ({ src: '$(date +%Y%m%d)', expect: '*' }),
    () => ({ src: '"$(date +%F)"', expect: '*' }),
    () => ({ src: '`date +%s`', expect: '*' }),
    () => ({ src: '`cat "/etc/run id"`', expect: '*' }),
    () => ({ src: `\${${unknown}:-${lit}}`, expect: lit }),
    () => ({ src: `"${lit}$${unknown}"`, expect: `${lit}*` }),
  ];
  return pick(rand, kinds)();
}

/** A random word: its shell source and the path static analysis must produce. */
function randomWord(rand: () => number): { src: string; expect: string } {
  const pieces: Piece[] = [];
  const n = 1 + Math.floor(rand() * 5);
  for (let i = 0; i < n; i++) pieces.push(piece(rand));
  let src = '';
  let expect = '';
  pieces.forEach((p, i) => {
    const next = pieces[i + 1];
    // `$NAME` followed by a name character would read a longer name: use the braced form
    const glue = p.bareName && next && /^[\w]/.test(next.src) ? `\${${p.src.slice(1)}}` : p.src;
    src += glue;
    expect += p.expect;
  });
  return { src, expect: expect.replace(/\*{2,}/g, '*') };
}

describe('unknown values: property', () => {
  test('literal parts survive in order and * stands exactly where unknown parts were', async () => {
    const rand = prng(20261205);
    const setup = Object.entries(KNOWN)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n');
    for (let i = 0; i < 300; i++) {
      const { src, expect } = randomWord(rand);
      if (/^\.+$/.test(expect)) continue;
      const script = `${setup}\ncat /data/in/${src}\nOUT=/data/out/${src}\ncp /data/a.csv $OUT\n`;
      const ex = await extractShell(script);
      const k = keys(ex);
      const want = `file:/data/in/${expect}`;
      assert.deepEqual(
        k.reads.filter((r) => r.startsWith('file:/data/in/')),
        [want],
        `case ${i}: cat /data/in/${src}`,
      );
      assert.deepEqual(k.writes, [`file:/data/out/${expect}`], `case ${i}: OUT=/data/out/${src}`);
      const conf = ex.reads.find((r) => r.node.key === want)?.confidence;
      if (expect.includes('*')) assert.equal(conf, 'partial', `case ${i}: ${src}`);
      else assert.notEqual(conf, 'partial', `case ${i}: ${src}`);
    }
  });
});

describe('unknown values: what the server would print', () => {
  test("$(hostname) is the server's name where the scan knows it, else unknown, never a stand-in", async () => {
    const script =
      'rsync -a /data/out/ backup01:/srv/backup/$(hostname)/\ncp /data/a.csv "/data/by-host/$(hostname).csv"\n';
    const known = keys(await extractShell(script, { host: 'etl07' }));
    assert.deepEqual(known.writes.sort(), [
      'endpoint:sftp://backup01/srv/backup/etl07',
      'file:/data/by-host/etl07.csv',
    ]);
    const ex = await extractShell(script, { host: '' });
    assert.deepEqual(keys(ex).writes.sort(), [
      'endpoint:sftp://backup01/srv/backup/*',
      'file:/data/by-host/*.csv',
    ]);
    for (const w of ex.writes) assert.equal(w.confidence, 'partial', w.node.key);
  });
});

describe('unknown values: database servers', () => {
  test('a client pointed at a server the script does not know names it *, never its default', async () => {
    const ex = await extractShell(
      [
        'psql -h "$DB_HOST" -d sales -c "SELECT * FROM orders" > /data/o.csv',
        'mysql -h "$MYHOST" -P "$MYPORT" shop -e "SELECT * FROM items" > /data/i.csv',
        'pg_dump -h "$PGH" -d crm -f /backup/crm.dump',
        'mysqldump -h "$MH" shop customers > /backup/c.sql',
        'mysqlimport -h "$MH" shop /data/in/prices.csv',
        'sqlcmd -S "$SQLSRV" -d dw -Q "SELECT * FROM dbo.facts" -o /data/f.txt',
        'export PGHOST="$(cat /etc/pghost)"',
        'psql -d sales -c "SELECT * FROM returns" > /data/r.csv',
      ].join('\n'),
    );
    const data = [...ex.reads, ...ex.writes].filter((r) => !r.node.key.startsWith('file:'));
    assert.deepEqual(data.map((r) => r.node.key).sort(), [
      'database:postgres://*:5432',
      'table:mysql://*:*/shop.items',
      'table:mysql://*:3306/shop.customers',
      'table:mysql://*:3306/shop.prices',
      'table:postgres://*:5432/orders',
      'table:postgres://*:5432/returns',
      'table:sqlserver://*:1433/dbo.facts',
    ]);
    for (const r of data) assert.equal(r.confidence, 'partial', r.node.key);
  });

  test('no server named is the client default, this host; a known one is itself', async () => {
    const ex = await extractShell(
      [
        'psql -d sales -c "SELECT * FROM orders" > /data/o.csv',
        'PGHOST=pg07 psql -d sales -c "SELECT * FROM returns" > /data/r.csv',
        'mysql -h db03 shop -e "SELECT * FROM items" > /data/i.csv',
      ].join('\n'),
    );
    assert.deepEqual(keys(ex).reads, [
      'table:mysql://db03:3306/shop.items',
      'table:postgres://localhost:5432/orders',
      'table:postgres://pg07:5432/returns',
    ]);
    for (const r of ex.reads) assert.equal(r.confidence, 'exact', r.node.key);
  });
});
