import type { LanguageSpec } from '../language.js';

export const sqlLanguage: LanguageSpec = {
  id: 'sql',
  title: 'SQL files (psql -f, mysql < file, sqlplus @)',
  extensions: ['.sql'],
  interpreters: /^(psql|mysql|mariadb|sqlite3)$/,
  valuedOptions: '',
  scriptArgument: false,
  emits: [
    'tables read and written per statement',
    'COPY/LOAD DATA/\\copy files',
    '\\i and @ included scripts',
  ],
  misses: ['dynamic SQL built inside procedures'],
  tests: 'test/extract/sql/',
};
