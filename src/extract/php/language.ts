import type { LanguageSpec } from '../language.js';

export const phpLanguage: LanguageSpec = {
  id: 'php',
  title: 'PHP CLI scripts through tree-sitter-php',
  extensions: ['.php', '.php5', '.php7'],
  interpreters: /^php[\d.]*(-cli)?$/,
  valuedOptions: 'cdrzn',
  inlineOptions: ['-r'],
  grammar: 'php',
  emits: [
    'fopen/file_get_contents/file_put_contents/file()/copy/rename/unlink',
    'PDO/mysqli/pg_* queries with SQL',
    'curl_init/file_get_contents URLs',
    'exec/shell_exec/system/passthru/backticks commands',
    '$argv and getopt bound from the caller',
    'interpolated and concatenated paths',
    'parse_ini_file/json config under ROOT',
    "include/require(_once) of a file on the server walked in the caller's scope (its return value too)",
  ],
  misses: ['framework ORMs (Eloquent, Doctrine) without raw SQL', 'include of files chosen at run time'],
  tests: 'test/extract/php/',
};
