#!/usr/bin/env node
// Puts dfmap's own command into node_modules/.bin of a clone (run by `prepare`, after the build).
//
// Why: `npx dfmap` in a clone finds no `dfmap` in node_modules/.bin (a package is not its own
// dependency), so npm exec copies the whole project into its cache and runs `prepare` there: a
// second build at first use, 27 s to minutes (issue 11). With this link npx runs the clone's own
// bin/dfmap.js, built once by `npm ci`, and `node_modules/.bin/dfmap` starts without npx's second.
// Installed from a registry tarball, `prepare` does not run and npm links the bin itself.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const binDir = path.join(root, 'node_modules', '.bin');
const link = path.join(binDir, 'dfmap');
if (fs.existsSync(path.join(root, 'node_modules'))) {
  fs.mkdirSync(binDir, { recursive: true });
  try {
    fs.lstatSync(link);
  } catch {
    fs.symlinkSync(path.join('..', '..', 'bin', 'dfmap.js'), link);
  }
}
