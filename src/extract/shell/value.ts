/**
 * A shell value as static analysis sees it: text where unknown parts are `*`, and whether any
 * part came through a variable (for the edge's confidence).
 */
import type { Confidence } from '../../model/kinds.js';

export interface Value {
  text: string;
  /** Some part came from a variable, an argument or the environment. */
  resolved: boolean;
  /** Came from a quoted string: not split into words. */
  quoted?: boolean;
}

export const UNKNOWN: Value = { text: '*', resolved: true };

export function lit(text: string): Value {
  return { text, resolved: false };
}

export function concat(parts: Value[]): Value {
  let text = '';
  let resolved = false;
  let quoted = false;
  for (const p of parts) {
    text += p.text;
    resolved ||= p.resolved;
    quoted ||= p.quoted === true;
  }
  return quoted ? { text: collapseStars(text), resolved, quoted } : { text: collapseStars(text), resolved };
}

/** Several unknown parts in a row are one unknown. */
export function collapseStars(s: string): string {
  return s.replace(/\*{2,}/g, '*');
}

export function confidenceOf(v: Value): Confidence {
  if (v.text.includes('*')) return 'partial';
  return v.resolved ? 'resolved' : 'exact';
}
