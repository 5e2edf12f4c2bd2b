import type { LanguageSpec } from '../language.js';

export const rLanguage: LanguageSpec = {
  id: 'r',
  title: 'R scripts (Rscript, R -f) through tree-sitter-r',
  extensions: ['.r'],
  interpreters: /^(Rscript|R)$/,
  subcommands: [['CMD', 'BATCH']],
  valuedOptions: 'e',
  inlineOptions: ['-e'],
  scriptOptions: ['-f', '--file'],
  grammar: 'r',
  emits: [
    'read.csv/readr/data.table/readRDS/readLines and their writers',
    'DBI dbConnect/dbGetQuery/dbWriteTable with SQL',
    'httr/download.file endpoints',
    'aws.s3 put_object/get_object/save_object/s3read_using/s3write_using as s3://bucket/object',
    'system()/system2() commands',
    'commandArgs(trailingOnly=TRUE) and optparse options (parse_args, defaults) bound from the caller',
    'paste0/file.path/sprintf built paths',
    'JSON/YAML config under ROOT',
    "source()d files walked in the caller's session (their functions and I/O are the caller's)",
    "the script's own functions walked per call with known arguments (by name, position, default) and their returned values",
    'package API clients called with a base_url/api_url (read or write by the function name, heuristic)',
  ],
  misses: [
    'values computed by functions it does not model (kept as `*`)',
    'package functions without a URL argument (what they fetch is not known)',
  ],
  tests: 'test/extract/r/',
};
