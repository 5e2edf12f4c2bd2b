/** Home directories from the server's /etc/passwd (cron runs a job in its user's HOME). */
import type { ServerFs } from '../util/server-fs.js';

export function readHomes(fs: ServerFs): Map<string, string> {
  const homes = new Map<string, string>();
  const res = fs.readText('/etc/passwd');
  if (!res.ok) return homes;
  for (const line of res.text.split('\n')) {
    const parts = line.split(':');
    if (parts.length >= 6 && parts[0] && parts[5]) homes.set(parts[0], parts[5]);
  }
  return homes;
}

export function homeOf(homes: Map<string, string>, user: string): string {
  return homes.get(user) ?? (user === 'root' ? '/root' : `/home/${user}`);
}
