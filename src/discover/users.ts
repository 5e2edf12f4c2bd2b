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

/** A user as /etc/passwd and /etc/group under ROOT say: enough to decide what the user can read. */
export interface Account {
  uid: number;
  gids: Set<number>;
}

/** Accounts by name from ROOT's /etc/passwd (primary group) and /etc/group (supplementary groups). */
export function readAccounts(fs: ServerFs): Map<string, Account> {
  const accounts = new Map<string, Account>();
  const passwd = fs.readText('/etc/passwd');
  if (passwd.ok) {
    for (const line of passwd.text.split('\n')) {
      const [name, , uid, gid] = line.split(':');
      if (name && uid && /^\d+$/.test(uid) && gid && /^\d+$/.test(gid))
        accounts.set(name, { uid: Number(uid), gids: new Set([Number(gid)]) });
    }
  }
  const group = fs.readText('/etc/group');
  if (group.ok) {
    for (const line of group.text.split('\n')) {
      const [, , gid, members] = line.split(':');
      if (!gid || !/^\d+$/.test(gid) || !members) continue;
      for (const m of members.split(',')) accounts.get(m.trim())?.gids.add(Number(gid));
    }
  }
  return accounts;
}
