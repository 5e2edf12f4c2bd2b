export { type ScanOptions, type ScanResult, scan } from './scan.js';
