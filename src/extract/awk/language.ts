import type { LanguageSpec } from '../language.js';

export const awkLanguage: LanguageSpec = {
  id: 'awk',
  title: 'awk programs (awk -f x.awk, inline programs in shell) through tree-sitter-awk',
  extensions: ['.awk'],
  interpreters: /^(g|m|n)?awk$/,
  valuedOptions: 'vF',
  scriptArgument: false,
  scriptOptions: ['-f', '--file'],
  grammar: 'awk',
  emits: [
    'input files named on the command line',
    'print/printf > and >> files',
    'getline < file and "cmd" | getline',
    'system() and print | "cmd" commands',
    '-v var=value and ARGV bound from the caller',
  ],
  misses: ['file names computed from input data (kept as `*`)'],
  tests: 'test/extract/awk/',
};
