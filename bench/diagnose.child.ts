/**
 * The CLI as a user runs it, for bench/diagnose.bench.ts: `main(argv)` in a fresh process, then the
 * process's own CPU time on stderr (wall time on a shared machine says more about the neighbours).
 */
import { main } from '../src/cli/main.js';

const code = await main(process.argv.slice(2));
const cpu = process.cpuUsage();
process.stderr.write(`\nBENCH_CPU ${JSON.stringify({ user: cpu.user / 1e6, system: cpu.system / 1e6 })}\n`);
process.exitCode = code;
