/**
 * Golden files sit beside the tests (test/export/golden/) and are compared exactly. They change only
 * with `npm run golden:update` (DFMAP_GOLDEN_UPDATE=1), and then the diff is reviewed.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const DIR = path.join(import.meta.dirname, 'golden');
export const UPDATING = process.env.DFMAP_GOLDEN_UPDATE === '1';

export function assertGolden(name: string, actual: string): void {
  const file = path.join(DIR, name);
  if (UPDATING) {
    fs.mkdirSync(DIR, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `${file} is missing: run \`npm run golden:update\` and review the new file`);
  assert.equal(
    actual,
    fs.readFileSync(file, 'utf8'),
    `${name} differs from its golden file (npm run golden:update to accept)`,
  );
}
