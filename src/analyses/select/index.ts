export { globToRegExp, isPattern, patternToRegExp } from './glob.js';
export {
  parseSelection,
  SELECTOR_METHODS,
  type Selection,
  type SelectorAtom,
  type SelectorMethod,
} from './parse-selection.js';
export {
  closestNames,
  editDistance,
  type MatchRule,
  matchNodes,
  type NodeMatches,
  resolveNode,
} from './resolve-node.js';
export { hostsOf, type SelectOptions, selectNodeKeys, selectNodes } from './select-nodes.js';
