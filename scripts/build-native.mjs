// Builds native/flat-tree (the tree-sitter parse as one Int32Array: src/extract/parse/flat-tree.ts)
// with the node-gyp that npm ships, against the headers of the node that runs this script. Run by
// `npm ci` / `npm install` (the package's install script) and by hand: `node scripts/build-native.mjs`.
// A build that cannot happen (no compiler, no headers and no network to fetch them) is no failure:
// scans then parse through the tree-sitter bindings, as before, and this says so.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dir = path.join(root, 'native', 'flat-tree');
const prefix = path.dirname(path.dirname(process.execPath));
const gyp =
  process.env.npm_config_node_gyp ??
  [
    path.join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(prefix, 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ].find((f) => fs.existsSync(f));

function skip(why) {
  process.stderr.write(
    `dfmap: the flat-tree parser addon was not built (${why}); scans parse through the tree-sitter bindings instead\n`,
  );
  process.exit(0);
}

if (!gyp) skip('node-gyp not found');
// the headers of this node, where its package installed them: no download
const headers = fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))
  ? [`--nodedir=${prefix}`]
  : [];
const r = spawnSync(process.execPath, [gyp, 'rebuild', ...headers], {
  cwd: dir,
  encoding: 'utf8',
  env: { ...process.env, npm_config_loglevel: 'error' },
});
if (r.status !== 0)
  skip(`node-gyp: ${(r.stderr || r.stdout || String(r.error)).trim().split('\n').slice(-3).join(' / ')}`);
process.stderr.write('dfmap: built native/flat-tree\n');
