/**
 * The one registry of languages (knip's KnownResolvers, depcruise's TYPE2MODULE): which file,
 * shebang or interpreter belongs to which extractor. Adding a language is one folder under
 * extract/ (start from `_template/`), one line here and one line in `index.ts`.
 */
import { extname } from '../util/paths.js';
import { awkLanguage } from './awk/language.js';
import type { LanguageSpec } from './language.js';
import { makeLanguage } from './make/language.js';
import { nodeLanguage } from './node/language.js';
import { perlLanguage } from './perl/language.js';
import { phpLanguage } from './php/language.js';
import { pythonLanguage } from './python/language.js';
import { rLanguage } from './r/language.js';
import { rubyLanguage } from './ruby/language.js';
import { shellLanguage } from './shell/language.js';
import { sqlLanguage } from './sql/language.js';
import type { Language } from './types.js';

export type { LanguageSpec } from './language.js';

export const languages: readonly LanguageSpec[] = [
  shellLanguage,
  pythonLanguage,
  perlLanguage,
  sqlLanguage,
  rLanguage,
  nodeLanguage,
  phpLanguage,
  rubyLanguage,
  awkLanguage,
  makeLanguage,
];

const byExtension = new Map<string, LanguageSpec>(
  languages.flatMap((l) => l.extensions.map((e) => [e, l] as const)),
);

/** The language of a file name's extension (`.R` -> r), if any. */
export function languageOfPath(path: string): Language | undefined {
  return byExtension.get(extname(path).toLowerCase())?.id;
}

/** The language an interpreter runs (`python3.11`, `/usr/bin/perl`, `Rscript`, `nodejs`). */
export function languageOfInterpreter(interp: string): Language | undefined {
  return interpreterSpec(interp)?.id;
}

export function interpreterSpec(interp: string): LanguageSpec | undefined {
  const base = interp.slice(interp.lastIndexOf('/') + 1);
  return languages.find((l) => l.interpreters.test(base));
}

/** The language a `#!` line names (`#!/usr/bin/env -S Rscript --vanilla` -> r). */
export function languageOfShebang(text: string): Language | undefined {
  const m = /^#!\s*(\S+)((?:\s+\S+)*)/.exec(text);
  if (!m) return undefined;
  const prog = m[1] as string;
  if (!prog.endsWith('/env')) return languageOfInterpreter(prog);
  const word = (m[2] ?? '').split(/\s+/).find((w) => w !== '' && !w.startsWith('-') && !w.includes('='));
  return word ? languageOfInterpreter(word) : undefined;
}

/** Could this file be a script worth scanning (for --include)? */
export function looksLikeScript(path: string, head: string): boolean {
  return byExtension.has(extname(path).toLowerCase()) || head.startsWith('#!');
}
