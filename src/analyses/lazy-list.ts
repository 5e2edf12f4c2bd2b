/**
 * A list of an answer whose items are made only when read: a hub's impact lists 400,000 nodes,
 * and holding a description of each (promoted, copied by the collector, on memory touched for the
 * first time) cost more than making them. The items are made again on each read; `toJSON` makes
 * them all, so `JSON.stringify` of an answer is the same as with an array, and the CLI's printer
 * writes a few hundred at a time (`batches`).
 */
export class LazyList<T> {
  constructor(
    readonly length: number,
    private readonly item: (i: number) => T,
  ) {}

  /** Items `start` up to `end` (not included), made now. */
  slice(start = 0, end = this.length): T[] {
    const out: T[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.length); i++) out.push(this.item(i));
    return out;
  }

  /** Every item, `size` at a time: what a printer holds at once. */
  *batches(size: number): Generator<T[]> {
    for (let i = 0; i < this.length; i += size) yield this.slice(i, i + size);
  }

  *[Symbol.iterator](): Generator<T> {
    for (let i = 0; i < this.length; i++) yield this.item(i);
  }

  toJSON(): T[] {
    return this.slice();
  }
}
