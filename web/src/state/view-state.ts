/** Everything that decides what the viewer shows; the URL carries it (see url-state.ts). */
import type { NodeKind } from '../../../src/model/kinds.js';
import type { LayoutAlgorithm } from '../layout/protocol.js';

export type GroupBy = 'community' | 'host';
export type ColorBy = 'kind' | 'subsystem' | 'health';

export interface ViewState {
  /** Selected node (a map node id, or an aggregate's id). */
  selected?: string;
  /** Ego network centre and radius. */
  focus?: string;
  radius: number;
  /** Drilled-into subsystem (a community aggregate id); drilling into a host sets `host`. */
  group?: string;
  /** Skip the overview and draw every node. */
  showAll: boolean;
  groupBy: GroupBy;
  hiddenKinds: NodeKind[];
  host?: string;
  subsystem?: string;
  layout: LayoutAlgorithm;
  colorBy: ColorBy;
  sizeByCriticality: boolean;
  showInvokes: boolean;
  collapseTables: boolean;
  collapseFiles: boolean;
  /** Show the "what breaks if this fails" set of the selected node. */
  impact: boolean;
  /** Draw logs, lock and temporary files (dimmed); hidden, they leave the overview's counts too. */
  showNonData: boolean;
  /**
   * The overview counts logs, lock and temporary files in its subsystems and flows (the CLI's
   * `--with-logs`); by default it leaves them out, as communities, critical and stats do.
   */
  overviewWithLogs: boolean;
  /** The overview draws every flow between groups, not only the strongest. */
  allFlows: boolean;
}

/** `colorBy`: a map that carries health opens coloured by it. */
export function defaultViewState(colorBy: ColorBy = 'kind'): ViewState {
  return {
    radius: 2,
    showAll: false,
    groupBy: 'host',
    hiddenKinds: [],
    layout: 'layered',
    colorBy,
    sizeByCriticality: false,
    showInvokes: true,
    collapseTables: false,
    collapseFiles: false,
    impact: false,
    showNonData: true,
    overviewWithLogs: false,
    allFlows: false,
  };
}

/** State changes that only change highlighting (no new visible graph, no new layout). */
export const HIGHLIGHT_ONLY: ReadonlyArray<keyof ViewState> = ['selected', 'impact'];
