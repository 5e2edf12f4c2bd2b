/**
 * A module's subs run where the script that uses it calls them: what they read belongs to that
 * script. Scanned on its own as well, a Perl module (`use Helper`) would show the reads of subs
 * nobody called from there; a `require`d .pl file runs its top level and is still scanned.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { scan } from '../../src/scan/index.js';
import { makeRoot } from '../helpers/server-root.js';

const roots: string[] = [];
after(async () => {
  const fs = await import('node:fs');
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

describe('scan: modules used by a script', () => {
  it("gives a Perl module's sub reads to the script that calls them, not to the module", async () => {
    const root = makeRoot({
      '/etc/cron.d/dba': '0 3 * * * dba /opt/dba/purge.pl\n15 3 * * * dba /opt/dba/report.pl\n',
      '/opt/dba/purge.pl':
        "#!/usr/bin/perl\nuse lib ('/opt/dba/lib');\nuse Guard qw(is_primary);\nis_primary();\nopen(my $o, '>', '/var/dba/purge.done');\n",
      '/opt/dba/report.pl':
        "#!/usr/bin/perl\nrequire '/opt/dba/lib/settings.pl';\nopen(my $o, '>', '/var/dba/report.txt');\n",
      '/opt/dba/lib/Guard.pm':
        "package Guard;\nuse Exporter 'import';\nour @EXPORT_OK = qw(is_primary);\nsub is_primary {\n  open(my $f, '<', '/opt/dba/state/role');\n  return <$f>;\n}\n1;\n",
      '/opt/dba/lib/settings.pl': "open(my $c, '<', '/opt/dba/state/settings.ini');\n1;\n",
      '/opt/dba/state/role': 'primary\n',
      '/opt/dba/state/settings.ini': 'x=1\n',
    });
    roots.push(root);
    const r = await scan({ root, workers: 0 });
    const edges = r.graph.mapEdges((_e, a, s, t) => `${s} ${a.kind} ${t}`).sort();
    assert.ok(edges.includes('file:/opt/dba/state/role reads script:/opt/dba/purge.pl'), edges.join('\n'));
    assert.ok(!edges.some((e) => e.endsWith('reads script:/opt/dba/lib/Guard.pm')), edges.join('\n'));
    // the required file's top level runs: its read stays its own
    assert.ok(
      edges.includes('file:/opt/dba/state/settings.ini reads script:/opt/dba/lib/settings.pl'),
      edges.join('\n'),
    );
  });
});
