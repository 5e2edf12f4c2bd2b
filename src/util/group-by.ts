/**
 * Counting sort of item numbers by a small integer key (a node number, a component number):
 * items with key k are order[start[k] .. start[k + 1]), in their original order. O(n + items), and
 * two typed arrays instead of an array per key (which costs ~180 bytes each on a million keys).
 */
export function groupBy(keyCount: number, keyOf: Int32Array): [start: Int32Array, order: Int32Array] {
  const start = new Int32Array(keyCount + 1);
  for (let i = 0; i < keyOf.length; i++) start[keyOf[i]! + 1]!++;
  for (let k = 0; k < keyCount; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, keyCount);
  const order = new Int32Array(keyOf.length);
  for (let i = 0; i < keyOf.length; i++) order[fill[keyOf[i]!]!++] = i;
  return [start, order];
}
