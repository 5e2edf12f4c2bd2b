import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractShell } from '../../helpers/shell.js';

test('sudo -u USER NAME=value cmd runs cmd with NAME set; the assignment is not a command', async () => {
  const x = await extractShell(
    'sudo -u "$OWNER" REPORT_HOME=/srv/reports /opt/reports/bin/render.sh weekly\n',
    {
      files: {
        '/opt/reports/bin/render.sh': '#!/bin/sh\ncat "$REPORT_HOME/in.txt" > "$REPORT_HOME/out.txt"\n',
      },
    },
  );
  assert.deepEqual(
    x.invokes.map((i) => [i.path, i.env?.REPORT_HOME]),
    [['/opt/reports/bin/render.sh', '/srv/reports']],
  );
});
