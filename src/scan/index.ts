export { scan } from './scan.js';
