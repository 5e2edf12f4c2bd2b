/**
 * mulberry32: a small, fast, seeded pseudo-random generator. Everything in dfmap that samples
 * (sampled betweenness, Louvain's node order) uses it with a fixed seed, so results repeat; the
 * benchmarks and fuzz tests use it so a run replays from its seed.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
