/**
 * The extractors, one per language, registered in one place. Which language a file is comes from
 * `languages.ts` (pure data): the caller's hint (`psql -f` -> sql), then the file's extension, then
 * its shebang (`#!/usr/bin/env python3`).
 */
import { awkExtractor } from './awk/index.js';
import { languageOfPath, languageOfShebang } from './languages.js';
import { makeExtractor } from './make/index.js';
import { nodeExtractor } from './node/index.js';
import { perlExtractor } from './perl/index.js';
import { phpExtractor } from './php/index.js';
import { pythonExtractor } from './python/index.js';
import { rExtractor } from './r/index.js';
import { rubyExtractor } from './ruby/index.js';
import { shellExtractor } from './shell/index.js';
import { sqlExtractor } from './sql/index.js';
import {
  type Extraction,
  type Extractor,
  emptyExtraction,
  type Language,
  type ScriptContext,
} from './types.js';

export { looksLikeScript } from './languages.js';

export const extractors: Record<Exclude<Language, 'unknown'>, Extractor> = {
  shell: shellExtractor,
  python: pythonExtractor,
  perl: perlExtractor,
  sql: sqlExtractor,
  r: rExtractor,
  node: nodeExtractor,
  awk: awkExtractor,
  php: phpExtractor,
  ruby: rubyExtractor,
  make: makeExtractor,
};

export function detectLanguage(path: string, text: string, hint?: Language): Language {
  if (hint && hint !== 'unknown') return hint;
  return languageOfPath(path) ?? languageOfShebang(text) ?? 'unknown';
}

export function extractorFor(language: Language): Extractor | undefined {
  return language === 'unknown' ? undefined : extractors[language];
}

/**
 * Code given on a command line (`python -c CODE`, `perl -e CODE`), read by its language's
 * extractor: the scan gives this to every ScriptContext as `inline`, so the shell reaches the
 * other languages without importing them.
 */
export function extractInline(ctx: ScriptContext): Extraction {
  return extractorFor(ctx.language)?.extract({ ...ctx, inline: extractInline }) ?? emptyExtraction();
}
