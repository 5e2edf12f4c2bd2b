/**
 * A script parsing its own options (issue 10, class 4: arguments across the call): the values the
 * caller passed bind where the script uses them. zsh `zparseopts` (arrays per option, brace
 * alternatives, -D/-E/-K, -a/-A) and `${NAME[i]}` of the arrays it fills.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { braceAlternatives } from '../../../src/extract/shell/commands/option-parsers.js';
import { extractShell, keys } from '../../helpers/shell.js';

const ZSH = '#!/usr/bin/env zsh\n';

describe('zsh zparseopts', () => {
  test("options the caller passed land in the spec's arrays; ${arr[-1]} is the value", async () => {
    const script = `${ZSH}SRC=/\nzparseopts -D -F -K -- \\\n  {f,-from}:=from_dir \\\n  {t,-to}:=to_dir \\\n  {q,-quiet}=quiet || return\nif [[ -n "\${from_dir[-1]}" ]]; then\n  SRC=\${from_dir[-1]}\nfi\nDEST=\${to_dir[-1]}\ncp -r $SRC "$DEST"\ncp /srv/stage/manifest.txt "$1"\n`;
    const ex = await extractShell(script, {
      path: '/opt/mirror/mirror.zsh',
      args: ['-q', '--from', '/srv/gallery', '-t', '/mnt/archive/gallery', '/srv/stage/copy.txt'],
    });
    const k = keys(ex);
    assert.ok(k.reads.includes('file:/srv/gallery'));
    assert.ok(!k.reads.includes('file:/'), 'the default is overridden by the option');
    assert.ok(k.writes.includes('file:/mnt/archive/gallery'));
    // -D removed the options: the plain argument is $1 now
    assert.ok(k.writes.includes('file:/srv/stage/copy.txt'));
  });

  test('a value glued to its option, a default array (-a) and an associative one (-A)', async () => {
    const script = `${ZSH}zparseopts -E -a rest -A opts -- i: o:\ncat "\${opts[-i]}" > "\${rest[4]}"\n`;
    const ex = await extractShell(script, {
      path: '/opt/mirror/pack.zsh',
      args: ['-i/srv/in/list.txt', 'extra', '-o', '/srv/out/list.txt'],
    });
    const k = keys(ex);
    assert.deepEqual(k.reads, ['file:/srv/in/list.txt']);
    // zsh counts from 1: rest=(-i /srv/in/list.txt -o /srv/out/list.txt)
    assert.deepEqual(k.writes, ['file:/srv/out/list.txt']);
  });

  test('options the caller did not pass leave the array empty: no path is invented', async () => {
    const script = `${ZSH}zparseopts -D -- d:=dest\ntar czf "\${dest[-1]}/snap.tgz" /srv/www\n`;
    const ex = await extractShell(script, { path: '/opt/mirror/snap.zsh', args: [] });
    const k = keys(ex);
    assert.deepEqual(k.reads, ['file:/srv/www']);
    assert.deepEqual(k.writes, []);
  });

  test('brace alternatives expand into one spec each', () => {
    assert.deepEqual(braceAlternatives('{e,-env-file}:=env'), ['e:=env', '-env-file:=env']);
    assert.deepEqual(braceAlternatives('v=verbose'), ['v=verbose']);
  });
});

describe('arrays in bash', () => {
  test('bash counts array elements from 0, and -1 is the last', async () => {
    const ex = await extractShell(
      '#!/bin/bash\nFEEDS=(/srv/a.csv /srv/b.csv /srv/c.csv)\ncat "${FEEDS[1]}" > "${FEEDS[-1]}"\n',
    );
    const k = keys(ex);
    assert.deepEqual(k.reads, ['file:/srv/b.csv']);
    assert.deepEqual(k.writes, ['file:/srv/c.csv']);
  });
});

describe('getopts loops and case', () => {
  test('each option the caller passed runs the loop body once; OPTARG binds; shift $((OPTIND-1)) leaves the operands', async () => {
    const script =
      '#!/bin/bash\nIN=/srv/feeds/default.csv\nOUT=/srv/out/default.csv\nwhile getopts ":i:o:v" flag; do\n  case "$flag" in\n    i) IN="$OPTARG" ;;\n    o) OUT=$OPTARG ;;\n    v) set -x ;;\n    *) echo usage; exit 2 ;;\n  esac\ndone\nshift $((OPTIND - 1))\nsort "$IN" > "$OUT"\ncp "$OUT" "$1"\n';
    const ex = await extractShell(script, {
      path: '/opt/feeds/sortfeed.sh',
      args: ['-v', '-i', '/srv/feeds/orders.csv', '-o/srv/out/orders.sorted', '/srv/share/orders.csv'],
    });
    const k = keys(ex);
    assert.deepEqual(k.reads, ['file:/srv/feeds/orders.csv', 'file:/srv/out/orders.sorted']);
    assert.deepEqual(k.writes, ['file:/srv/out/orders.sorted', 'file:/srv/share/orders.csv']);
  });

  test('with unknown arguments the loop body runs once with unknown values (no default is trusted)', async () => {
    const script =
      '#!/bin/bash\nOUT=/srv/out/default.csv\nwhile getopts "o:" f; do\n  case $f in\n    o) OUT=$OPTARG ;;\n  esac\ndone\ncp /srv/in/x.csv "$OUT"\n';
    const k = keys(await extractShell(script, { path: '/opt/feeds/x.sh', args: ['-o', '*'] }));
    assert.deepEqual(k.writes, []);
  });

  test('a case on a known word runs only the matching item; an unknown word runs every item', async () => {
    const script =
      'MODE=weekly\ncase "$MODE" in\n  daily) cp /srv/a.db /backup/daily.db ;;\n  weekly|monthly) cp /srv/a.db /backup/long.db ;;\nesac\ncase "$(date +%u)" in\n  7) tar cf /backup/www.tar /srv/www ;;\n  *) tar cf /backup/etc.tar /etc ;;\nesac\n';
    const k = keys(await extractShell(script));
    assert.deepEqual(k.writes, ['file:/backup/etc.tar', 'file:/backup/long.db', 'file:/backup/www.tar']);
  });
});

describe('hand-written option loops', () => {
  test('while [ $# -gt 0 ]; case "$1" ... shift: every option the caller passed is seen once', async () => {
    const script =
      '#!/bin/bash\nSRC=/srv/default\nDST=/backup/default\nwhile [ $# -gt 0 ]; do\n  case "$1" in\n    --src) SRC="$2"; shift 2 ;;\n    --dst=*) DST="${1#*=}"; shift ;;\n    -v|--verbose) shift ;;\n    *) break ;;\n  esac\ndone\ntar czf "$DST/home.tgz" "$SRC"\ncp /srv/manifest.txt "$1"\n';
    const ex = await extractShell(script, {
      path: '/opt/bk/run.sh',
      args: ['-v', '--src', '/home/ann', '--dst=/mnt/bk', '/mnt/bk/manifest.txt'],
    });
    const k = keys(ex);
    assert.deepEqual(k.reads, ['file:/home/ann', 'file:/srv/manifest.txt']);
    assert.deepEqual(k.writes, ['file:/mnt/bk/home.tgz', 'file:/mnt/bk/manifest.txt']);
  });

  test('for arg in "$@" with --name=value patterns', async () => {
    const script =
      '#!/bin/bash\nfor arg in "$@"; do\n  case $arg in\n    --in=*) IN="${arg#*=}" ;;\n    --out=*) OUT="${arg#*=}" ;;\n  esac\ndone\nsort "$IN" > "$OUT"\n';
    const k = keys(
      await extractShell(script, { path: '/opt/bk/sort.sh', args: ['--in=/srv/a.txt', '--out=/srv/b.txt'] }),
    );
    assert.deepEqual(k.reads, ['file:/srv/a.txt']);
    assert.deepEqual(k.writes, ['file:/srv/b.txt']);
  });
});
