import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractSnippet, keys } from '../helpers/script.js';

describe("open modes with '+': w+ and x+ truncate or create, so they read nothing", () => {
  it("python: open(p, 'w+') and 'x+' only write; 'r+' and 'a+' read and write", async () => {
    const x = await extractSnippet(
      'python',
      "f = open('/var/spool/tally/count.txt', 'w+')\nprint('n=', 3, file=f)\ng = open('/var/spool/tally/new.txt', 'x+')\nh = open('/var/spool/tally/state.txt', 'r+')\nk = open('/var/spool/tally/journal.txt', 'a+')\n",
      { path: '/opt/tally/count.py' },
    );
    assert.deepEqual(keys(x.reads), ['file:/var/spool/tally/journal.txt', 'file:/var/spool/tally/state.txt']);
    assert.deepEqual(keys(x.writes), [
      'file:/var/spool/tally/count.txt',
      'file:/var/spool/tally/journal.txt',
      'file:/var/spool/tally/new.txt',
      'file:/var/spool/tally/state.txt',
    ]);
  });

  it("php fopen and ruby File.open with 'w+' only write; 'r+' reads too", async () => {
    const php = await extractSnippet(
      'php',
      "<?php\n$a = fopen('/var/spool/tally/out.csv', 'w+');\n$b = fopen('/var/spool/tally/seen.db', 'r+');\n",
      { path: '/opt/tally/count.php' },
    );
    assert.deepEqual(keys(php.reads), ['file:/var/spool/tally/seen.db']);
    assert.deepEqual(keys(php.writes), ['file:/var/spool/tally/out.csv', 'file:/var/spool/tally/seen.db']);
    const rb = await extractSnippet('ruby', "f = File.open('/var/spool/tally/out.txt', 'w+')\nf.puts 'x'\n", {
      path: '/opt/tally/count.rb',
    });
    assert.deepEqual(keys(rb.reads), []);
    assert.deepEqual(keys(rb.writes), ['file:/var/spool/tally/out.txt']);
  });
});
