// Run the CLI straight from the TypeScript sources (no build): `npx tsx scripts/dfmap-dev.ts scan ROOT`.
import { main } from '../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
