/** awk programs in their own files (`awk -f x.awk`, `#!/usr/bin/awk -f`). */
import { runScript } from '../kit/walk.js';
import { extractShellCommand } from '../shell/index.js';
import type { Extractor } from '../types.js';
import { awkHooks } from './extract.js';
import { awkLanguage } from './language.js';

export const awkExtractor: Extractor = {
  id: awkLanguage.id,
  title: awkLanguage.title,
  languages: [awkLanguage.id],
  extract: (ctx) => runScript(ctx, awkHooks, 'awk', extractShellCommand),
};
