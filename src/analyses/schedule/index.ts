export { nextRun, previousRun } from './next-run.js';
