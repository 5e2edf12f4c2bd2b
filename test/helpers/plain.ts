/**
 * An answer as its JSON says it: lists made as they are read (LazyList) become arrays, so tests
 * index and compare them as the printed answer holds them.
 */
import type { LazyList } from '../../src/analyses/lazy-list.js';

export type Plain<T> =
  T extends LazyList<infer U>
    ? Plain<U>[]
    : T extends ReadonlyArray<infer U>
      ? Plain<U>[]
      : T extends object
        ? { [K in keyof T]: Plain<T[K]> }
        : T;

export function plain<T>(answer: T): Plain<T> {
  return JSON.parse(JSON.stringify(answer)) as Plain<T>;
}
