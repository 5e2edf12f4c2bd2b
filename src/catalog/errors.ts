import { DfmapError } from '../model/errors.js';

/** The catalog could not be read or written: locked, gone, or from a newer dfmap. Nothing half-written. */
export class CatalogError extends DfmapError {}
