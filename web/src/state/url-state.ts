/**
 * The view state in the URL's fragment, so a link can be shared and the page reloads where it was.
 * The fragment works for file:// pages (the HTML export) too, and never reaches a server.
 */
import type { NodeKind } from '../../../src/model/kinds.js';
import { type ColorBy, defaultViewState, type ViewState } from './view-state.js';

/** Exhaustive over the model's kinds: adding a kind to the model fails the web build until it is here. */
const NODE_KINDS: Record<NodeKind, true> = {
  job: true,
  script: true,
  file: true,
  table: true,
  database: true,
  endpoint: true,
  host: true,
  unknown: true,
};
export const isNodeKind = (x: string): x is NodeKind => Object.hasOwn(NODE_KINDS, x);

const FLAGS = {
  all: 'showAll',
  crit: 'sizeByCriticality',
  ct: 'collapseTables',
  cf: 'collapseFiles',
  impact: 'impact',
  flows: 'allFlows',
  'with-logs': 'overviewWithLogs',
} as const;

const COLOR_BY: readonly ColorBy[] = ['kind', 'subsystem', 'health'];

/** `d`: the defaults of this map (what an empty fragment means); only differences are written. */
export function encodeViewState(s: ViewState, d: ViewState = defaultViewState()): string {
  const p = new URLSearchParams();
  if (s.selected) p.set('node', s.selected);
  if (s.focus) p.set('focus', s.focus);
  if (s.focus && s.radius !== d.radius) p.set('radius', String(s.radius));
  if (s.group) p.set('group', s.group);
  if (s.groupBy !== d.groupBy) p.set('by', s.groupBy);
  if (s.hiddenKinds.length) p.set('hide', s.hiddenKinds.join(','));
  if (s.host) p.set('host', s.host);
  if (s.subsystem) p.set('subsystem', s.subsystem);
  if (s.layout !== d.layout) p.set('layout', s.layout);
  if (s.colorBy !== d.colorBy) p.set('color', s.colorBy);
  if (!s.showInvokes) p.set('invokes', '0');
  if (!s.showNonData) p.set('logs', '0');
  for (const [k, field] of Object.entries(FLAGS)) if (s[field]) p.set(k, '1');
  return p.toString();
}

export function decodeViewState(hash: string, d: ViewState = defaultViewState()): ViewState {
  const s: ViewState = { ...d, hiddenKinds: [...d.hiddenKinds] };
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const str = (k: string) => p.get(k) || undefined;
  s.selected = str('node');
  s.focus = str('focus');
  const r = Number(p.get('radius'));
  if (Number.isInteger(r) && r >= 1 && r <= 10) s.radius = r;
  s.group = str('group');
  if (p.get('by') === 'community') s.groupBy = 'community';
  s.hiddenKinds = (p.get('hide') ?? '').split(',').filter(isNodeKind);
  s.host = str('host');
  s.subsystem = str('subsystem');
  if (p.get('layout') === 'force') s.layout = 'force';
  const color = COLOR_BY.find((c) => c === p.get('color'));
  if (color) s.colorBy = color;
  s.showInvokes = p.get('invokes') !== '0';
  s.showNonData = p.get('logs') !== '0';
  for (const [k, field] of Object.entries(FLAGS)) s[field] = p.get(k) === '1';
  return s;
}
