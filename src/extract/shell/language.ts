import type { LanguageSpec } from '../language.js';

export const shellLanguage: LanguageSpec = {
  id: 'shell',
  title: 'Shell scripts (bash, sh, ksh, zsh) through tree-sitter-bash',
  extensions: ['.sh', '.bash', '.ksh', '.zsh'],
  interpreters: /^(ba|da|k|z|a)?sh$/,
  valuedOptions: 'oO',
  grammar: 'bash',
  emits: [
    'commands resolved by name (file, transfer, database, object-store commands)',
    'redirections',
    'scripts run with their arguments bound',
    'sourced files and their variables',
  ],
  misses: ['commands it has no resolver for', 'values computed at run time (kept as `*`)'],
  tests: 'test/extract/shell/',
};
