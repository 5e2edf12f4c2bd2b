import type { LanguageSpec } from '../language.js';

export const perlLanguage: LanguageSpec = {
  id: 'perl',
  title: 'Perl scripts (pattern level: open, DBI, system/backticks, File::Copy)',
  extensions: ['.pl', '.pm'],
  interpreters: /^perl[\d.]*$/,
  valuedOptions: 'eEIlMmx0',
  inlineOptions: ['-e', '-E'],
  // -n and -p put the code in a loop over the files named after it (`<>`); -i rewrites them
  inlineSwitches: {
    letters: 'nplaisw',
    loops: {
      p: 'while (<>) {\nCODE\n;} continue { print; }',
      n: 'while (<>) {\nCODE\n;}',
    },
    inPlace: 'i',
  },
  emits: [
    'open (2- and 3-argument, pipes)',
    'DBI connect/do/prepare with SQL',
    'system/exec/backticks as shell',
    'File::Copy',
    '@ARGV and Getopt bound from the caller',
    'one-liners: perl -ne/-pe/-lane loop over the files named after the code, -i rewrites them',
  ],
  misses: [
    'code built with eval or string references',
    'anything a real Perl parser would need (Perl is parsed at token level)',
  ],
  tests: 'test/extract/perl/',
};
