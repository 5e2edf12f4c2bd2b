/**
 * Fuzzy matching for the search box: a substring wins, then a subsequence whose letters start words
 * (`cexp` finds `combined_export.json`). Higher is better; undefined means no match.
 */
const SEPARATORS = new Set(['/', '.', '_', '-', ' ', ':', '@']);

function isWordStart(text: string, i: number): boolean {
  return i === 0 || SEPARATORS.has(text[i - 1] as string);
}

export function fuzzyScore(query: string, text: string): number | undefined {
  const q = query.toLowerCase().trim();
  if (!q) return undefined;
  const t = text.toLowerCase();
  if (t === q) return 1000;
  const at = t.indexOf(q);
  if (at >= 0) {
    // earlier and at a word start is better; shorter texts are closer matches
    return 500 + (isWordStart(t, at) ? 100 : 0) - Math.min(at, 100) - Math.min(t.length - q.length, 100) / 4;
  }
  let score = 0;
  let ti = 0;
  let prev = -2;
  for (const c of q) {
    const found = t.indexOf(c, ti);
    if (found < 0) return undefined;
    score += found === prev + 1 ? 8 : isWordStart(t, found) ? 6 : 1;
    score -= Math.min(found - ti, 10) / 5;
    prev = found;
    ti = found + 1;
  }
  return score - t.length / 50;
}

export interface SearchItem {
  id: string;
  /** Texts to match, best first: label, full name, id. */
  fields: string[];
}

export function fuzzySearch(
  items: SearchItem[],
  query: string,
  limit = 12,
): Array<{ id: string; score: number }> {
  const out: Array<{ id: string; score: number }> = [];
  for (const it of items) {
    let best: number | undefined;
    it.fields.forEach((f, i) => {
      const s = fuzzyScore(query, f);
      if (s !== undefined) {
        const w = s - i * 5;
        if (best === undefined || w > best) best = w;
      }
    });
    if (best !== undefined) out.push({ id: it.id, score: best });
  }
  out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  return out.slice(0, limit);
}
