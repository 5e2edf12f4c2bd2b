/**
 * Health quotes what the server recorded: log lines, cron mails, probe banners. Those carry what the
 * jobs printed, DSNs with passwords included. Every text of an assessment passes through redaction
 * here, once, before status, diagnose or export --status can show it.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { redactText } from '../util/redact.js';
import type { NodeHealth } from './types.js';

export function redactHealth(results: Map<string, NodeHealth>, diagnostics: Diagnostic[]): void {
  for (const h of results.values()) {
    h.summary = redactText(h.summary);
    for (const e of h.evidence) e.text = redactText(e.text);
    if (h.probe) {
      h.probe.detail = redactText(h.probe.detail);
      if (typeof h.probe.version === 'string') h.probe.version = redactText(h.probe.version);
    }
  }
  for (const d of diagnostics) {
    d.message = redactText(d.message);
    if (d.hint) d.hint = redactText(d.hint);
  }
}
