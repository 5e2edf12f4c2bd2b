import type { LanguageSpec } from '../language.js';

export const pythonLanguage: LanguageSpec = {
  id: 'python',
  title: 'Python scripts through tree-sitter-python',
  extensions: ['.py'],
  interpreters: /^python[\d.]*$|^pypy/,
  valuedOptions: 'bcmOQWWX',
  inlineOptions: ['-c'],
  grammar: 'python',
  emits: [
    'open/pathlib/shutil/os file I/O',
    'pandas, numpy and friends readers and writers',
    'DB-API, SQLAlchemy and pandas SQL with its tables',
    'MongoDB collections through pymongo',
    'PySpark readers, writers, tables and spark.sql',
    'Snowflake, ClickHouse and BigQuery clients',
    'HTTP clients (requests, urllib, httpx), S3 and Google Cloud Storage',
    'subprocess/os.system commands',
    'argparse/sys.argv bound from the caller',
    'INI/JSON/YAML/.env config under ROOT',
  ],
  misses: ['dynamic imports and getattr dispatch', 'values computed at run time (kept as `*`)'],
  tests: 'test/extract/python/',
};
