/**
 * Failures of dfmap itself (not findings about the server). Caught and printed only in cli/:
 *   dfmap: <where>: <what went wrong>.
 *     hint: <what to do>
 */
export class DfmapError extends Error {
  readonly hint?: string;
  constructor(message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    if (opts.hint) this.hint = opts.hint;
  }
}

/** Bad arguments or options. */
export class UsageError extends DfmapError {}
/** A file dfmap was given (a map, a config) is not what it should be. */
export class ConfigError extends DfmapError {}
/** A node name that matches nothing, or several things. */
export class NodeNotFoundError extends DfmapError {}
