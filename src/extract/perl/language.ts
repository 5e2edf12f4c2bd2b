import type { LanguageSpec } from '../language.js';

export const perlLanguage: LanguageSpec = {
  id: 'perl',
  title: 'Perl scripts (pattern level: open, DBI, system/backticks, File::Copy)',
  extensions: ['.pl', '.pm'],
  interpreters: /^perl[\d.]*$/,
  valuedOptions: 'eEIlMmx0',
  inlineOptions: ['-e', '-E'],
  emits: [
    'open (2- and 3-argument, pipes)',
    'DBI connect/do/prepare with SQL',
    'system/exec/backticks as shell',
    'File::Copy',
    '@ARGV and Getopt bound from the caller',
  ],
  misses: [
    'code built with eval or string references',
    'anything a real Perl parser would need (Perl is parsed at token level)',
  ],
  tests: 'test/extract/perl/',
};
