/** `dfmap upstream NODE`: everything that feeds NODE, as a tree with evidence. */
import { flowCommand } from '../flow-command.js';

export const upstreamCommand = flowCommand('upstream');
