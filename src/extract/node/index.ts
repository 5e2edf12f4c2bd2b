/** Node.js scripts (node x.js ARGS, .mjs/.cjs, TypeScript run by ts-node or tsx). */
import { runScript } from '../kit/walk.js';
import { extractShellCommand } from '../shell/index.js';
import type { Extractor } from '../types.js';
import { nodeHooks } from './extract.js';
import { nodeLanguage } from './language.js';

const typescriptHooks = { ...nodeHooks, grammar: 'typescript' as const };

export const nodeExtractor: Extractor = {
  id: nodeLanguage.id,
  title: nodeLanguage.title,
  languages: [nodeLanguage.id],
  extract: (ctx) =>
    /\.[mc]?ts$/i.test(ctx.path)
      ? runScript(ctx, typescriptHooks, 'TypeScript', extractShellCommand)
      : runScript(ctx, nodeHooks, 'JavaScript', extractShellCommand),
};
