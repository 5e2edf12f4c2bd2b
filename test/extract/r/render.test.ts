import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractSnippet, keys } from '../../helpers/script.js';

const r = (text: string, opts = {}) => extractSnippet('r', text, { path: '/srv/digest/build.R', ...opts });

describe('R extractor: rendering documents', () => {
  it('rmarkdown::render reads the document and writes output_file in output_dir', async () => {
    const x = await r(
      "rmarkdown::render('/srv/digest/monthly.Rmd', output_file = 'monthly-digest.html', output_dir = '/var/www/digest')\n",
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/digest/monthly.Rmd']);
    assert.deepEqual(keys(x.writes), ['file:/var/www/digest/monthly-digest.html']);
  });

  it("without output_dir the output lands beside the document; without output_file its name's format is unknown", async () => {
    const x = await r(
      "library(rmarkdown)\nrender('/srv/digest/weekly.Rmd', output_file = 'w.pdf')\nrender(input = '/srv/digest/daily.Rmd')\n",
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/digest/daily.Rmd', 'file:/srv/digest/weekly.Rmd']);
    assert.deepEqual(keys(x.writes), ['file:/srv/digest/daily.*', 'file:/srv/digest/w.pdf']);
  });

  it('render() of something that is not a document is not taken for one', async () => {
    const x = await r("render(template, data)\nrender('/srv/digest/page.html')\n");
    assert.deepEqual(keys(x.reads), []);
    assert.deepEqual(keys(x.writes), []);
  });
});
