// Static scan + a traced run of every job, merged: the map `dfmap scan --observed` would give after
// one night of traces. For runnable fixture servers (test/fixtures/observed/*): the server root is
// copied to a temporary directory (jobs write into it), each job runs inside it with
// `dfmap trace --root --job`, and a fixture.json beside root/ may ask for an HTTP server on
// 127.0.0.1 (its www/ directory). Usage, as the scorer's --cmd:
//   npx tsx scripts/observed-scan.ts {root} {out}
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { main } from '../src/cli/main.js';

const [root, out] = process.argv.slice(2);
if (!root || !out) {
  console.error('usage: observed-scan.ts ROOT OUT');
  process.exit(2);
}
const fixture = path.join(root, '..', 'fixture.json');
const config = fs.existsSync(fixture) ? JSON.parse(fs.readFileSync(fixture, 'utf8')) : {};
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dfmap-observed-'));
const copy = path.join(work, 'root');
fs.cpSync(root, copy, { recursive: true });
const quiet = {
  out: () => {},
  err: (t: string) => process.stderr.write(`${t}\n`),
  color: false,
  interactive: false,
};

let server: ReturnType<typeof spawn> | undefined;
try {
  if (config.http) server = await serve(path.join(root, '..', config.http.dir), config.http.port);
  let code = await main(['scan', copy, '-o', out, '-q'], quiet);
  if (code > 1) process.exit(code);
  const map = JSON.parse(fs.readFileSync(out, 'utf8'));
  const jobs: string[] = map.nodes
    .filter((n: { kind: string }) => n.kind === 'job')
    .map((n: { id: string }) => n.id);
  for (const job of jobs) {
    code = await main(['trace', '--root', copy, '--job', job, '--yes', '--map', out, '--json'], quiet);
    if (code > 1) process.stderr.write(`observed-scan: tracing ${job} failed (exit ${code})\n`);
  }
} finally {
  server?.kill();
  fs.rmSync(work, { recursive: true, force: true });
}

/** python3 -m http.server on 127.0.0.1:PORT, resolved once it accepts connections. */
async function serve(dir: string, port: number): Promise<ReturnType<typeof spawn>> {
  const child = spawn(
    'python3',
    ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`HTTP server on 127.0.0.1:${port} did not start`);
}
