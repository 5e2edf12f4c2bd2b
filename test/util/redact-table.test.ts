import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isSecretKey, REDACTED, redactText } from '../../src/util/redact.js';
import { SECRET_AFTER_WORDS } from '../../src/util/redact-table.js';
import { ALL_CONSTRUCTS, plant } from '../helpers/credentials.js';
import { rng } from '../helpers/prng.js';

const SECRET = 'Xq7pL2vR9k';

describe('redaction table: every construct', () => {
  for (const c of ALL_CONSTRUCTS) {
    test(`redacts ${c}`, () => {
      const out = redactText(plant(c, SECRET));
      assert.ok(!out.includes(SECRET), out);
      assert.ok(out.includes(REDACTED), out);
    });
  }

  test('the scheme word of an Authorization header stays, the credential goes', () => {
    assert.equal(redactText(`-H "Authorization: Bearer ${SECRET}"`), '-H "Authorization: Bearer ***"');
    assert.equal(redactText(`Authorization: token ${SECRET}`), 'Authorization: token ***');
  });

  test('a flag that is a password only for one client is left alone for another', () => {
    assert.equal(redactText('mysql -h db01 -P 3306 sales'), 'mysql -h db01 -P 3306 sales');
    assert.equal(redactText('ssh -p 2222 backup01'), 'ssh -p 2222 backup01');
    assert.equal(redactText('find /data -print -perm 644'), 'find /data -print -perm 644');
  });

  test('keys that name no secret, and file names, are not masked', () => {
    for (const s of [
      'author = "Jane Roe"',
      'PASSWORD_FILE=/run/secrets/db',
      'PWD=/opt/etl',
      'cd $PWD && ./run.sh',
      '/opt/etl/auth.py:3: reads /data/in/x.csv',
      'auth_type=basic',
      'curl -u etl https://api.example.com/x',
      'cp /data/in/img@2x.png /srv/www/',
    ]) {
      assert.equal(redactText(s), s);
    }
    assert.equal(isSecretKey('oauth2_token'), true);
    assert.equal(isSecretKey('token_url'), false);
  });
});

const VOCAB = [
  'cd /opt/etl &&',
  '; echo done',
  '| gzip > /data/out/x.gz',
  '2>&1',
  '>> /var/log/etl.log',
  '"quoted words here"',
  "'single quoted'",
  'x=1',
  'name: value',
  '#',
  '&&',
  '(',
  ')',
  '[',
  'timeout 600',
  'flock -n /tmp/lock',
  '\n',
  'python3 /opt/etl/load.py --day "$(date +%F)"',
  'https://files.example.com/in/',
  'user@host',
  '-v',
  '--verbose',
  '::',
];
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!_.~+^';

const FIRST_ONLY = new Set(SECRET_AFTER_WORDS.filter((r) => r.firstOnly).map((r) => r.example));

describe('redaction fuzz: constructs in random surroundings', () => {
  test('no secret survives in 4000 random lines (seed 16)', () => {
    const r = rng(16);
    const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)] as T;
    for (let n = 0; n < 4000; n++) {
      let secret = pick([...'ABCDEFGHJKLMNPQRSTUVWXYZ']);
      for (let k = 6 + Math.floor(r() * 20); k > 0; k--) secret += pick([...ALPHABET]);
      const before = Array.from({ length: Math.floor(r() * 4) }, () => pick(VOCAB)).join(' ');
      const after = Array.from({ length: Math.floor(r() * 4) }, () => pick(VOCAB)).join(' ');
      const construct = pick(ALL_CONSTRUCTS);
      // an ftp session's `PASS X` is a command only at the start of its line
      const sep = FIRST_ONLY.has(construct) ? '\n' : ' ';
      const line = `${before}${before ? sep : ''}${plant(construct, secret)}${after ? ' ' : ''}${after}`;
      const out = redactText(line);
      assert.ok(
        !out.includes(secret),
        `seed 16, line ${n}: ${JSON.stringify(line)} -> ${JSON.stringify(out)}`,
      );
    }
  });
});

/**
 * CPU time of the fastest of three runs, in ms. CPU time and not wall time: on a shared machine a
 * test waits for a core, and that wait is not redaction's.
 */
function fastest(fn: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const before = process.cpuUsage();
    fn();
    const d = process.cpuUsage(before);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

describe('redaction is linear in the length of the line', () => {
  // Each unit repeats a construct that made an earlier regular expression backtrack, or that makes a
  // naive search for a closing quote or bracket rescan the rest of the line.
  const units = [
    'auth',
    'password',
    'password="a ',
    'token=(',
    'a://',
    'a/b@',
    '-p ',
    'AKIA',
    '--password ',
    'x.login(',
    '"',
    'Authorization: Bearer ',
    'sqlplus a/',
    ':=',
    'a'.repeat(63),
  ];
  for (const unit of units) {
    test(`an 800 KB line of ${JSON.stringify(unit)} takes about 20x a 40 KB one`, () => {
      const small = unit.repeat(Math.ceil(40_000 / unit.length));
      const large = unit.repeat(Math.ceil(800_000 / unit.length));
      redactText(small); // warm up the JIT
      redactText(large);
      const ts = fastest(() => redactText(small));
      const tl = fastest(() => redactText(large));
      // linear gives ~20; quadratic ~400, cubic ~8000. 100 leaves 5x for a loaded machine (a VM
      // where memory first touched costs 10-20 us a page made a 10x size ratio read 40x) and is
      // still 4x below quadratic.
      assert.ok(tl / Math.max(ts, 0.2) < 100, `40 KB: ${ts.toFixed(1)} ms, 800 KB: ${tl.toFixed(1)} ms`);
    });
  }
});
