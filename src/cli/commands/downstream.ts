/** `dfmap downstream NODE`: everything NODE feeds (upstream.ts facing the other way). */
import { flowCommand } from './upstream.js';

export const downstreamCommand = flowCommand('downstream');
