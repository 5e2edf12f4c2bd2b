/** R scripts (Rscript x.R ARGS, `#!/usr/bin/env Rscript`) through tree-sitter-r. */
import { runScript } from '../kit/walk.js';
import { extractShellCommand } from '../shell/index.js';
import type { Extractor } from '../types.js';
import { rHooks } from './extract.js';
import { rLanguage } from './language.js';

export const rExtractor: Extractor = {
  id: rLanguage.id,
  title: rLanguage.title,
  languages: [rLanguage.id],
  extract: (ctx) => runScript(ctx, rHooks, 'R', extractShellCommand),
};
