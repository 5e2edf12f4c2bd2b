/** Ruby scripts (`ruby x.rb ARGS`, `#!/usr/bin/env ruby`) through tree-sitter-ruby. */
import { runScript } from '../kit/walk.js';
import { extractShellCommand } from '../shell/index.js';
import type { Extractor } from '../types.js';
import { rubyHooks } from './extract.js';
import { rubyLanguage } from './language.js';

export const rubyExtractor: Extractor = {
  id: rubyLanguage.id,
  title: rubyLanguage.title,
  languages: [rubyLanguage.id],
  extract: (ctx) => runScript(ctx, rubyHooks, 'Ruby', extractShellCommand),
};
