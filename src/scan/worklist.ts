/**
 * The scan's worklist: the scripts the jobs run (and --include's) first, in job order, then those
 * found in extracted scripts, in the order their results arrive. The jobs' tasks are made a few
 * jobs at a time (as the list runs low, or while the scan waits on the workers), so the workers
 * start on the first scripts while the main thread is still reading the job lines; the order of
 * the tasks is the same as reading every job line first.
 */
import type { TaskInput } from './extract-task.js';

/** One script to extract, in the context its caller gives it. */
export interface Task {
  inv: TaskInput;
  /** The user the scheduler runs it as, inherited by what it invokes (least-disclosure.ts). */
  user?: string;
}

export class Worklist {
  private readonly first: Task[] = [];
  private readonly found: Task[] = [];

  /**
   * `refill` adds the next jobs' tasks to the list it is given, false when no job is left;
   * `unread` counts the jobs not read yet (a task each, for progress).
   */
  constructor(
    private readonly refill: (into: Task[]) => boolean,
    private readonly unread: () => number = () => 0,
  ) {}

  /** A task found in an extracted script. */
  push(t: Task): void {
    this.found.push(t);
  }

  shift(): Task | undefined {
    while (this.first.length === 0 && this.refill(this.first)) {}
    return this.first.shift() ?? this.found.shift();
  }

  /** Make the next few jobs' tasks now (while waiting on the workers); false when none is left. */
  readAhead(): boolean {
    return this.refill(this.first);
  }

  /** Make every job's tasks now (to count them). */
  fill(): void {
    while (this.refill(this.first)) {}
  }

  /** Tasks waiting, a job not read yet counting as one. */
  get length(): number {
    return this.first.length + this.found.length + this.unread();
  }
}
