/**
 * Names for the overview's groups (subsystems): each is named by what distinguishes it from the
 * others, never by what they all share. On a scanned server of 2,000 generated scripts five
 * subsystems were all "sales.items" (the table every one of them reads); what tells them apart is
 * the database host each writes to (issue 11).
 *
 * The rule, by construct:
 * - Every member offers tokens: a script's or file's directories (two levels or deeper), the host
 *   of a database, endpoint or table (from its URL or namespace), a table's name and its prefix
 *   (`dw.fact_sales_*` for `dw.fact_sales_29`), the server a node was scanned on.
 * - A token's weight in a group is the sum of its members' weights (the caller's: 1 + how many of
 *   the group's edges touch the member, so a table every script reads counts for more than a log).
 * - A group is named by the token with the best score = precision x coverage: the share of the
 *   token's weight that lies in this group, times the share of the group's weight the token
 *   covers. A directory every group uses has a low precision; a single file a low coverage.
 *   Ties go to the more specific token (a deeper directory, a table over its prefix).
 * - Two groups with the same name get a second token that tells them apart, scored the same way
 *   among only those groups (`/opt/jobs/py/ · mysql://db1`); what still collides gets an ordinal.
 */

export interface NameToken {
  /**
   * What a group is called when this token names it. Members share a token when they share its
   * label: two tables both called `dw.orders` on different servers do not tell their groups apart.
   */
  label: string;
  /** Deeper directories and single tables are more specific; it breaks ties. */
  specificity: number;
}

export interface NamedMember {
  tokens: readonly NameToken[];
  weight: number;
}

export interface NamedGroup {
  id: string;
  members: readonly NamedMember[];
  /** The name when no member offers a token. */
  fallback?: string;
}

interface Tally {
  token: NameToken;
  weight: number;
}

const URL_PARTS = /^([a-z][\w+.-]*):\/\/(?:[^@/]*@)?([^/:?#]+)/i;

/** `mysql://db1` for a server, the host alone for a web site (how people name either). */
function hostToken(url: string): NameToken | undefined {
  const m = URL_PARTS.exec(url);
  if (!m) return undefined;
  const scheme = (m[1] ?? '').toLowerCase();
  const host = (m[2] ?? '').toLowerCase();
  if (!host || host.includes('*')) return undefined;
  const label = scheme === 'http' || scheme === 'https' ? host : `${scheme}://${host}`;
  return { label, specificity: 1 };
}

/** `/opt/jobs`, `/opt/jobs/py` for `/opt/jobs/py/load.py`; a `*` ends the known part. */
function directoryTokens(path: string): NameToken[] {
  const parts = path.split('/');
  const out: NameToken[] = [];
  for (let i = 3; i < parts.length; i++) {
    if (parts[i - 1]?.includes('*')) break;
    const dir = parts.slice(0, i).join('/');
    out.push({ label: `${dir}/`, specificity: i - 1 });
  }
  return out;
}

/** A table's own name and, when it ends in a number, the family it belongs to. */
function tableTokens(name: string): NameToken[] {
  const out: NameToken[] = [{ label: name, specificity: 4 }];
  const stem = name.replace(/\d+$/, '');
  if (stem !== name && stem.length > 0 && !stem.includes('*')) {
    out.push({ label: `${stem}*`, specificity: 2 });
  }
  return out;
}

/** The tokens a map node offers to name the group it is in. */
export function nameTokens(a: Readonly<Record<string, unknown>>): NameToken[] {
  const out: NameToken[] = [];
  const str = (k: string) => (typeof a[k] === 'string' && a[k] ? (a[k] as string) : undefined);
  const path = str('path');
  const url = str('url');
  const namespace = str('namespace');
  if (path && (a.kind === 'script' || a.kind === 'file')) out.push(...directoryTokens(path));
  if (url && (a.kind === 'database' || a.kind === 'endpoint')) {
    const t = hostToken(url);
    if (t) out.push(t);
  }
  if (a.kind === 'table') {
    const t = namespace ? hostToken(namespace) : undefined;
    if (t) out.push(t);
    const name = str('name');
    if (name) out.push(...tableTokens(name));
  }
  const server = str('host');
  if (server) out.push({ label: server, specificity: 0 });
  return out;
}

function tally(members: readonly NamedMember[]): { tokens: Map<string, Tally>; total: number } {
  const tokens = new Map<string, Tally>();
  let total = 0;
  for (const m of members) {
    total += m.weight;
    // a member counts once per token, however many of its tokens share a label
    const seen = new Set<string>();
    for (const t of m.tokens) {
      if (seen.has(t.label)) continue;
      seen.add(t.label);
      const cur = tokens.get(t.label);
      if (cur) cur.weight += m.weight;
      else tokens.set(t.label, { token: t, weight: m.weight });
    }
  }
  return { tokens, total };
}

/** The best token of a group among `among` (its weight across the groups considered). */
function best(
  own: { tokens: Map<string, Tally>; total: number },
  among: Map<string, number>,
  skip: (t: NameToken) => boolean,
): NameToken | undefined {
  let top: { token: NameToken; score: number } | undefined;
  for (const { token, weight } of own.tokens.values()) {
    if (skip(token)) continue;
    const score = (weight / (among.get(token.label) ?? weight)) * (weight / Math.max(own.total, 1e-9));
    const better =
      !top ||
      score > top.score + 1e-12 ||
      (Math.abs(score - top.score) <= 1e-12 &&
        (token.specificity > top.token.specificity ||
          (token.specificity === top.token.specificity && token.label < top.token.label)));
    if (better) top = { token, score };
  }
  return top?.token;
}

function weightsAcross(tallies: Array<{ tokens: Map<string, Tally> }>): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of tallies) for (const [k, v] of t.tokens) out.set(k, (out.get(k) ?? 0) + v.weight);
  return out;
}

/** Group ids by name, for the names that more than one group has. */
function collisions(names: Map<string, string>): string[][] {
  const by = new Map<string, string[]>();
  for (const [id, name] of names) by.set(name, [...(by.get(name) ?? []), id]);
  return [...by.values()].filter((ids) => ids.length > 1);
}

/** A distinct name for every group (see the header for the rule). */
export function nameGroups(groups: readonly NamedGroup[]): Map<string, string> {
  const tallies = new Map(groups.map((g) => [g.id, tally(g.members)]));
  const all = weightsAcross([...tallies.values()]);
  const names = new Map<string, string>();
  for (const g of groups) {
    const t = best(tallies.get(g.id) as { tokens: Map<string, Tally>; total: number }, all, () => false);
    names.set(g.id, t?.label ?? g.fallback ?? 'subsystem');
  }
  // a second token, chosen among the groups that share a name
  for (const ids of collisions(names)) {
    const name = names.get(ids[0] as string) as string;
    const among = weightsAcross(ids.map((id) => tallies.get(id) as { tokens: Map<string, Tally> }));
    for (const id of ids) {
      const own = tallies.get(id) as { tokens: Map<string, Tally>; total: number };
      const t = best(
        own,
        among,
        (x) => x.label === name || among.get(x.label) !== own.tokens.get(x.label)?.weight,
      );
      if (t) names.set(id, `${name} · ${t.label}`);
    }
  }
  // an ordinal for whatever still collides, in the order the groups came (largest first)
  for (let round = 0; round < 3; round++) {
    const left = collisions(names);
    if (left.length === 0) break;
    for (const ids of left) {
      ids.forEach((id, i) => {
        names.set(id, `${names.get(id)} #${i + 1}`);
      });
    }
  }
  return names;
}
