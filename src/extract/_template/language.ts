/**
 * Template for a new language: copy this folder to `src/extract/<id>/`, add the id to `Language`
 * in types.ts, one line to `languages` in languages.ts and one to `extractors` in index.ts, then
 * write `test/extract/<id>/` (a test per construct) and a fixture server under
 * `test/fixtures/servers/`. This object is pure data: no extractor code is imported from here.
 */
import type { LanguageSpec } from '../language.js';

export const templateLanguage: LanguageSpec = {
  // biome-ignore lint/suspicious/noExplicitAny: the template's id is not a real Language
  id: 'template' as any,
  title: 'Template (not registered)',
  extensions: ['.tmpl'],
  interpreters: /^template-interpreter$/,
  valuedOptions: '',
  emits: ['what the extractor finds, one phrase each'],
  misses: ['what it does not see yet'],
  tests: 'test/extract/template/',
};
