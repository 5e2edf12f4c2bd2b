/**
 * Picks the extractor for a script: the caller's hint (`psql -f` -> sql), then the file's
 * extension, then its shebang (`#!/usr/bin/env python3`).
 */
import { extname } from '../util/paths.js';
import { makeExtractor } from './make/index.js';
import { perlExtractor } from './perl/index.js';
import { pythonExtractor } from './python/index.js';
import { shellExtractor } from './shell/index.js';
import { sqlExtractor } from './sql/index.js';
import type { Extractor, Language } from './types.js';

export const extractors: Partial<Record<Language, Extractor>> = {
  python: pythonExtractor,
  shell: shellExtractor,
  sql: sqlExtractor,
  perl: perlExtractor,
  make: makeExtractor,
};

const BY_EXTENSION: Record<string, Language> = {
  '.py': 'python',
  '.sh': 'shell',
  '.bash': 'shell',
  '.ksh': 'shell',
  '.zsh': 'shell',
  '.sql': 'sql',
  '.pl': 'perl',
  '.pm': 'perl',
  '.php': 'php',
  '.rb': 'ruby',
  '.js': 'node',
  '.mjs': 'node',
  '.mk': 'make',
};

/** Language of a script from its interpreter name (`python3.11`, `bash`, `/usr/bin/perl`). */
export function languageOfInterpreter(interp: string): Language | undefined {
  const base = interp.slice(interp.lastIndexOf('/') + 1);
  if (/^python[\d.]*$|^pypy/.test(base)) return 'python';
  if (/^(ba|da|k|z|a)?sh$/.test(base)) return 'shell';
  if (/^perl[\d.]*$/.test(base)) return 'perl';
  if (/^(psql|mysql|mariadb|sqlite3)$/.test(base)) return 'sql';
  if (/^php/.test(base)) return 'php';
  if (/^ruby/.test(base)) return 'ruby';
  if (/^node(js)?$/.test(base)) return 'node';
  return undefined;
}

export function detectLanguage(path: string, text: string, hint?: Language): Language {
  if (hint && hint !== 'unknown') return hint;
  const byExt = BY_EXTENSION[extname(path).toLowerCase()];
  if (byExt) return byExt;
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
  if (shebang) {
    const [, prog, arg] = shebang;
    const interp = prog?.endsWith('/env') && arg ? arg : (prog ?? '');
    return languageOfInterpreter(interp) ?? 'unknown';
  }
  return 'unknown';
}

export function extractorFor(language: Language): Extractor | undefined {
  return extractors[language];
}

/** Could this file be a script worth scanning (for --include)? */
export function looksLikeScript(path: string, head: string): boolean {
  return BY_EXTENSION[extname(path).toLowerCase()] !== undefined || head.startsWith('#!');
}
