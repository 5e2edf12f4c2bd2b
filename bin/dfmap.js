#!/usr/bin/env node
// Thin launcher: all behaviour lives in src/cli (built to dist/ on install by `npm run prepare`).
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    process.exitCode = 2;
  },
);
