// Runs the built CLI (dist/cli, the bundle bin/dfmap.js runs) like bin/dfmap.js (the benchmark starts it with the launcher's node
// options), then reports this process's peak memory on
// stderr as its last line: `{"maxRssKb": N}`. The analysis benchmark spawns it per operation.
import { main } from '../dist/cli/main.mjs';

const code = await main(process.argv.slice(2));
process.stderr.write(`\n${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`);
process.exitCode = code;
