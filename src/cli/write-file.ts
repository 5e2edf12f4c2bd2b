/** Write a file whole or not at all: see store/safe-write.ts (exclusive random temp, fsync, rename, 0600). */
import { writeFileSafely } from '../store/safe-write.js';

export function writeFileAtomic(file: string, text: string): void {
  writeFileSafely(file, text);
}
