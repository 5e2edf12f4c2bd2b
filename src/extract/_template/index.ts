/**
 * Template extractor: parse with the grammar named in language.ts (parsers.of(grammar)), walk the
 * tree with extract/kit (ScriptSink for evidence and confidence, values with `*` for unknown parts,
 * config files read under ROOT) and return what the script reads, writes and invokes. Never
 * execute the script; keep what parsed and turn the rest into diagnostics.
 */
import { warning } from '../../model/diagnostic.js';
import type { Extraction, Extractor, ScriptContext } from '../types.js';
import { templateLanguage } from './language.js';

function extractTemplate(ctx: ScriptContext): Extraction {
  return {
    reads: [],
    writes: [],
    invokes: [],
    diagnostics: [
      warning('template', `${ctx.path}: the template extractor reads nothing`, { file: ctx.path }),
    ],
  };
}

export const templateExtractor: Extractor = {
  id: templateLanguage.id,
  title: templateLanguage.title,
  languages: [templateLanguage.id],
  extract: extractTemplate,
};
