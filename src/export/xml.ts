/** XML text and attribute escaping shared by GraphML and GEXF. */
import { cleanText } from './text.js';

/** Escape for element text and double-quoted attributes alike. Tab, LF and CR become character
 * references so attribute-value normalisation (XML 1.0 §3.3.3) keeps them. */
export function xmlEscape(s: string): string {
  return cleanText(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}
