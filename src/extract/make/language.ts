import type { LanguageSpec } from '../language.js';

export const makeLanguage: LanguageSpec = {
  id: 'make',
  title: 'Makefiles run by make (goals, recipes in dependency order)',
  extensions: ['.mk'],
  interpreters: /^g?make$/,
  valuedOptions: 'CfIjlWo',
  // `make` is resolved by its own shell command resolver (goals, -C, -f), not as `make SCRIPT`
  scriptArgument: false,
  emits: [
    'the named goals’ recipes as shell, in dependency order, with make’s variables bound',
    'file prerequisites read and file targets written',
  ],
  misses: ['recipes that make itself would compute from the filesystem at run time'],
  tests: 'test/extract/make/',
};
