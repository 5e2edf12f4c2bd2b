import type { LanguageSpec } from '../language.js';

export const nodeLanguage: LanguageSpec = {
  id: 'node',
  title: 'Node.js scripts (JavaScript, TypeScript) through tree-sitter-javascript/typescript',
  extensions: ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'],
  interpreters: /^(node|nodejs|ts-node|tsx)$/,
  valuedOptions: 'erp',
  inlineOptions: ['-e', '--eval', '-p', '--print'],
  grammar: 'javascript',
  emits: [
    'fs sync/async/promises reads and writes, streams',
    'pg/mysql/mysql2/knex/sqlite queries with SQL',
    'MongoDB driver collections (client.db().collection() reads/writes) as mongodb:// tables',
    'db.collection(name).find/deleteMany/... on a handle from an unfollowed helper (server unknown)',
    "the script's own functions walked per call with known arguments, and their returned values",
    'fetch/axios/http(s).get/request endpoints',
    'child_process exec/spawn/execFile commands',
    'process.argv and minimist/yargs options bound from the caller',
    'path.join/template literals built paths',
    'require()d JSON and readFileSync JSON config under ROOT',
  ],
  misses: [
    'values computed at run time (kept as `*`)',
    'ORM models (sequelize, prisma) without raw SQL',
    'modules imported from node_modules',
  ],
  tests: 'test/extract/node/',
};
