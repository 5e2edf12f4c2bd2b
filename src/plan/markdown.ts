/** A migration plan as Markdown, for a change ticket. */
import { formatAt, type MigrationPlan, type Wave } from './plan.js';

const esc = (s: string): string => s.replace(/\|/g, '\\|');

export function planMarkdown(p: MigrationPlan): string {
  const out: string[] = [];
  out.push(`# Migration plan: ${p.from ?? 'the mapped host'} → ${p.to}`);
  out.push('');
  out.push(
    `${p.scripts} scripts and ${p.jobs} jobs in ${p.waves.length} wave${p.waves.length === 1 ? '' : 's'}; times in ${p.timeZone}, next runs after ${formatAt(p.at, p.timeZone)}.`,
  );
  out.push(
    'Each wave moves after the ones before it: every input it reads is then already on the target or bridged.',
  );
  if (p.staying.length > 0) {
    out.push('');
    out.push(
      `Staying on ${p.from ?? 'the old host'} but exchanging data with moving jobs (their bridges stay until they move): ${p.staying.map((s) => s.label).join(', ')}.`,
    );
  }
  out.push('');
  out.push('| wave | name | scripts | jobs | interfaces |');
  out.push('|--:|---|---|--:|--:|');
  for (const w of p.waves)
    out.push(
      `| ${w.number} | ${esc(w.name)} | ${esc(w.scripts.map((s) => s.label).join(', '))} | ${w.jobs.length} | ${w.interfaces.length} |`,
    );
  for (const w of p.waves) out.push('', ...waveMarkdown(p, w));
  return `${out.join('\n')}\n`;
}

function waveMarkdown(p: MigrationPlan, w: Wave): string[] {
  const out: string[] = [];
  out.push(`## Wave ${w.number}: ${w.name}`);
  out.push('');
  out.push(`Scripts: ${w.scripts.map((s) => `\`${s.label}\``).join(', ')}`);
  if (w.ties.length > 0) {
    out.push('');
    out.push('Moves together because:');
    for (const t of w.ties) out.push(`- ${t}`);
  }
  out.push('');
  out.push('### Interfaces while old and new both run');
  out.push('');
  if (w.interfaces.length === 0) out.push('None: nothing this wave touches is used elsewhere.');
  else {
    out.push('| data | direction | writers | readers | bridge |');
    out.push('|---|---|---|---|---|');
    for (const c of w.interfaces)
      out.push(
        `| ${esc(c.node.label)} (${c.node.kind}) | ${c.direction} | ${esc(c.writers.map((x) => x.label).join(', ') || '–')} | ${esc(c.readers.map((x) => x.label).join(', ') || '–')} | **${c.bridge.method}**: ${esc(c.bridge.how)} |`,
      );
  }
  const c = w.checklist;
  out.push('');
  out.push('### Cut-over checklist');
  out.push('');
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return;
    out.push(`${title}:`);
    for (const i of items) out.push(`- [ ] ${i}`);
    out.push('');
  };
  section('Before', c.prepare);
  section(`Stop on ${p.from ?? 'the old host'}`, c.stop);
  section('Copy', c.copy);
  section(`Start on ${p.to}`, c.start);
  section('Verify', c.verify);
  out.push(`Rollback point: ${c.rollback}.`);
  return out;
}
