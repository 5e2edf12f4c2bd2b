#!/bin/sh
':' //; exec node --min-semi-space-size=16 "$0" "$@"
// The two lines above are a shell preamble that JavaScript reads as a string and a comment: run as
// a program, the file starts node with a young generation sized for reading a map, so a 10k-edge
// map loads without eight scavenges of its freshly parsed objects (about 40 ms of a 200 ms query;
// V8 reads this flag only at start-up, so it cannot be set from here). `node bin/dfmap.js` works too,
// with V8's defaults.
// Thin launcher: all behaviour lives in src/cli, built on install by `npm run prepare` (tsc to
// dist/src/, then scripts/build-cli.mjs bundles the CLI into dist/cli/: fewer files, and cheaper
// ones, to load at start).
import { main } from '../dist/cli/main.mjs';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    process.exitCode = 2;
  },
);
