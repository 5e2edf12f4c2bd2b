/** `dfmap downstream NODE`: everything NODE feeds (flow-command.ts facing the other way). */
import { flowCommand } from '../flow-command.js';

export const downstreamCommand = flowCommand('downstream');
