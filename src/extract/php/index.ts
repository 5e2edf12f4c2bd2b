/** PHP CLI scripts (`php x.php ARGS`, `#!/usr/bin/php`) through tree-sitter-php. */
import { runScript } from '../kit/walk.js';
import { extractShellCommand } from '../shell/index.js';
import type { Extractor } from '../types.js';
import { phpHooks } from './extract.js';
import { phpLanguage } from './language.js';

export const phpExtractor: Extractor = {
  id: phpLanguage.id,
  title: phpLanguage.title,
  languages: [phpLanguage.id],
  extract: (ctx) => runScript(ctx, phpHooks, 'PHP', extractShellCommand),
};
