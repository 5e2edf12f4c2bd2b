import { describe, test } from 'node:test';
import { exporters } from '../../src/export/index.js';
import { isExportFiles } from '../../src/export/types.js';
import { assertGolden } from './golden.js';
import { workedExample } from './maps.js';

// svg and png depend on the Graphviz/resvg builds; round-trip.test.ts checks them structurally.
const TEXT_FORMATS = ['dot', 'mermaid', 'graphml', 'gexf', 'json', 'cypher', 'csv'] as const;

describe('exports of the worked example match their golden files', () => {
  for (const format of TEXT_FORMATS) {
    test(format, async () => {
      const content = await exporters[format].export(workedExample(), {});
      if (isExportFiles(content)) {
        for (const f of content.files) assertGolden(`worked-example.${f.name}`, f.content);
      } else {
        assertGolden(`worked-example.${exporters[format].extension}`, String(content));
      }
    });
  }
});
