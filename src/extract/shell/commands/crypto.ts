/**
 * Encryption and signing tools that turn one file into another: `gpg --output X --encrypt Y`,
 * `gpg -d X > Y` (stdout: the redirection already says where), `openssl enc -in X -out Y`.
 * Often run through a variable (`$GPG`, `GPG=/usr/bin/gpg`): the dispatcher resolves by base name.
 */

import { flag, parseOptions } from '../options.js';
import type { CommandCall, CommandResolver, Handler } from './types.js';

function gpg(call: CommandCall): void {
  const p = parseOptions(call.argv.slice(1), {
    short: 'oruRfzaqk',
    long: [
      'output',
      'recipient',
      'local-user',
      'homedir',
      'passphrase-file',
      'passphrase',
      'keyring',
      'trust-model',
      'cipher-algo',
      'compress-level',
      'default-key',
      'pinentry-mode',
      'batch-file',
    ],
  });
  const out = flag(p, 'o', 'output');
  // key management (`--import`, `--recv-keys`) names keys, not data
  if (['import', 'recv-keys', 'export', 'list-keys', 'delete-keys'].some((k) => p.flags.has(k))) return;
  for (const f of p.operands) call.run.emitRead(f, call.node, 'gpg input');
  if (out) call.run.emitWrite(out, call.node, 'gpg --output');
}

function openssl(call: CommandCall): void {
  const sub = call.argv[1]?.text ?? '';
  if (!/^(enc|smime|cms|dgst|base64|aes-\d+-\w+|des3)$/.test(sub)) return;
  const args = call.argv.slice(2).map((a) => (a.text.startsWith('-') ? { ...a, text: `-${a.text}` } : a));
  const p = parseOptions(args, { long: ['in', 'out', 'pass', 'k', 'kfile', 'md', 'inform', 'outform'] });
  const input = flag(p, 'in');
  const out = flag(p, 'out');
  if (input) call.run.emitRead(input, call.node, `openssl ${sub} -in`);
  if (out) call.run.emitWrite(out, call.node, `openssl ${sub} -out`);
}

const commands: Record<string, Handler> = { gpg, gpg2: gpg, openssl };

export const cryptoCommands: CommandResolver = {
  id: 'crypto',
  title: 'Encryption: gpg, openssl enc',
  emits: ['reads', 'writes'],
  commands,
};
