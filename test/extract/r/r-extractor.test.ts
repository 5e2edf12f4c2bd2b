import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confidenceOf, extractSnippet, keys } from '../../helpers/script.js';

const r = (text: string, opts = {}) =>
  extractSnippet('r', text, { path: '/opt/report/summarise.R', ...opts });

describe('R extractor: files', () => {
  it('binds commandArgs(trailingOnly = TRUE) 1-based from the caller', async () => {
    const x = await r(
      'args <- commandArgs(trailingOnly = TRUE)\nsales <- read.csv(args[1])\nwrite.csv(sales, args[2], row.names = FALSE)\n',
      { args: ['/srv/in/sales.csv', '/srv/out/summary.csv'] },
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/in/sales.csv']);
    assert.deepEqual(keys(x.writes), ['file:/srv/out/summary.csv']);
    assert.equal(confidenceOf(x.reads, 'file:/srv/in/sales.csv'), 'resolved');
  });

  it('reads with readr, data.table and readRDS and writes with their writers, literal paths exact', async () => {
    const x = await r(
      'library(readr)\nd <- readr::read_csv("/srv/in/orders.csv")\nm <- data.table::fread("/srv/in/items.tsv")\nmodel <- readRDS("/srv/models/fit.rds")\nwrite_csv(d, "/srv/out/orders_clean.csv")\nfwrite(m, file = "/srv/out/items.csv")\nsaveRDS(model, "/srv/models/fit2.rds")\n',
    );
    assert.deepEqual(keys(x.reads), [
      'file:/srv/in/items.tsv',
      'file:/srv/in/orders.csv',
      'file:/srv/models/fit.rds',
    ]);
    assert.deepEqual(keys(x.writes), [
      'file:/srv/models/fit2.rds',
      'file:/srv/out/items.csv',
      'file:/srv/out/orders_clean.csv',
    ]);
    assert.equal(confidenceOf(x.reads, 'file:/srv/in/orders.csv'), 'exact');
  });

  it('builds paths with file.path, paste0 and sprintf, an unknown date as *', async () => {
    const x = await r(
      'base <- "/srv/reports"\nday <- format(Sys.Date(), "%Y%m%d")\nout <- file.path(base, paste0("daily_", day, ".csv"))\nwrite.csv(iris, file = out)\nlog <- sprintf("%s/run_%s.log", base, day)\nwriteLines("done", log)\n',
    );
    assert.deepEqual(keys(x.writes), ['file:/srv/reports/daily_*.csv', 'file:/srv/reports/run_*.log']);
    assert.equal(confidenceOf(x.writes, 'file:/srv/reports/daily_*.csv'), 'partial');
  });

  it('resolves a relative path against the working directory', async () => {
    const x = await r('d <- read.csv("input/today.csv")\n', { cwd: '/home/analyst' });
    assert.deepEqual(keys(x.reads), ['file:/home/analyst/input/today.csv']);
  });

  it('copies with file.copy, and downloads with download.file', async () => {
    const x = await r(
      'file.copy("/srv/out/a.csv", "/srv/archive/a.csv")\ndownload.file("https://data.example.org/rates.csv?date=1", destfile = "/srv/in/rates.csv")\n',
    );
    assert.deepEqual(keys(x.reads), ['endpoint:https://data.example.org/rates.csv', 'file:/srv/out/a.csv']);
    assert.deepEqual(keys(x.writes), ['file:/srv/archive/a.csv', 'file:/srv/in/rates.csv']);
  });

  it('writes through a connection opened with file(path, "w"), and sink()', async () => {
    const x = await r(
      'con <- file("/srv/out/report.txt", "w")\nwriteLines(lines, con)\nclose(con)\nsink("/var/log/rjob.log")\n',
    );
    assert.deepEqual(keys(x.writes), ['file:/srv/out/report.txt', 'file:/var/log/rjob.log']);
  });

  it('loops over a literal vector, binding every element', async () => {
    const x = await r(
      'for (region in c("north", "south")) {\n  d <- read.csv(paste0("/srv/in/", region, ".csv"))\n}\n',
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/in/north.csv', 'file:/srv/in/south.csv']);
  });

  it('writes the piped object: d %>% write_csv("x")', async () => {
    const x = await r('d %>% write_csv("/srv/out/piped.csv")\n');
    assert.deepEqual(keys(x.writes), ['file:/srv/out/piped.csv']);
  });
});

describe('R extractor: databases, HTTP, commands, config', () => {
  it('DBI: dbConnect context, dbGetQuery SQL tables, dbWriteTable and dbReadTable', async () => {
    const x = await r(
      'con <- DBI::dbConnect(RPostgres::Postgres(), dbname = "sales", host = "db1.internal")\nd <- dbGetQuery(con, "SELECT * FROM public.orders o JOIN public.customers c ON c.id = o.cid")\ndbWriteTable(con, "daily_summary", d, overwrite = TRUE)\nx <- dbReadTable(con, "targets")\ndbExecute(con, "DELETE FROM staging.tmp_orders")\n',
    );
    assert.deepEqual(keys(x.reads), [
      'table:postgres://db1.internal:5432/public.customers',
      'table:postgres://db1.internal:5432/public.orders',
      'table:postgres://db1.internal:5432/targets',
    ]);
    assert.deepEqual(keys(x.writes), [
      'table:postgres://db1.internal:5432/daily_summary',
      'table:postgres://db1.internal:5432/staging.tmp_orders',
    ]);
  });

  it('httr GET reads an endpoint, POST writes one', async () => {
    const x = await r(
      'library(httr)\nr <- GET("https://api.example.org/v1/prices")\nPOST("https://hooks.example.org/notify", body = list(a = 1))\n',
    );
    assert.deepEqual(keys(x.reads), ['endpoint:https://api.example.org/v1/prices']);
    assert.deepEqual(keys(x.writes), ['endpoint:https://hooks.example.org/notify']);
  });

  it('system() is a shell command; system2 an argv', async () => {
    const x = await r(
      'system("gzip -c /srv/out/a.csv > /srv/out/a.csv.gz")\nsystem2("/opt/report/upload.sh", args = c("/srv/out/a.csv.gz"))\n',
      {
        files: { '/opt/report/upload.sh': '#!/bin/sh\n' },
      },
    );
    assert.ok(keys(x.writes).includes('file:/srv/out/a.csv.gz'));
    assert.deepEqual(
      x.invokes.map((i) => [i.path, i.args]),
      [['/opt/report/upload.sh', ['/srv/out/a.csv.gz']]],
    );
  });

  it('reads a JSON config under ROOT, its values resolve, and source() runs a helper', async () => {
    const x = await r(
      'args <- commandArgs(trailingOnly = TRUE)\ncfg <- jsonlite::fromJSON(file.path("/opt/report/config", paste0(args[1], ".json")))\nd <- read.csv(cfg$input)\nwrite.csv(d, cfg[["output"]])\nsource("lib/helpers.R")\n',
      {
        args: ['prod'],
        files: {
          '/opt/report/config/prod.json': '{"input": "/srv/prod/in.csv", "output": "/srv/prod/out.csv"}',
        },
      },
    );
    assert.deepEqual(keys(x.reads), ['file:/opt/report/config/prod.json', 'file:/srv/prod/in.csv']);
    assert.deepEqual(keys(x.writes), ['file:/srv/prod/out.csv']);
    assert.deepEqual(
      x.invokes.map((i) => i.path),
      ['/opt/report/lib/helpers.R'],
    );
  });

  it('keeps what parsed around a syntax error, with a warning', async () => {
    const x = await r('d <- read.csv("/srv/in/a.csv")\nx <- function( {\nwrite.csv(d, "/srv/out/b.csv")\n');
    assert.ok(keys(x.reads).includes('file:/srv/in/a.csv'));
    assert.ok(x.diagnostics.some((d) => d.code === 'syntax-error'));
  });
});

describe('R scripts run from a shell line', () => {
  it('Rscript, R -f and R CMD BATCH all run the script with its arguments', async () => {
    const { extractShell } = await import('../../helpers/shell.js');
    const x = await extractShell(
      'Rscript --vanilla /opt/report/a.R /srv/in/a.csv\nR --no-save -f /opt/report/b.R\nR CMD BATCH --no-save /opt/report/c.R /var/log/c.Rout\nR --version\n',
    );
    assert.deepEqual(
      x.invokes.map((i) => [i.path, i.language, i.args]),
      [
        ['/opt/report/a.R', 'r', ['/srv/in/a.csv']],
        ['/opt/report/b.R', 'r', []],
        ['/opt/report/c.R', 'r', ['/var/log/c.Rout']],
      ],
    );
  });
});

describe('R extractor: aws.s3 objects', () => {
  it('put_object with named arguments writes s3://bucket/object and reads the local file', async () => {
    const x = await r(
      'library(aws.s3)\nday <- format(Sys.Date(), "%Y%m%d")\naws.s3::put_object(file = "/srv/export/summary.csv", object = paste0("summaries/", day, ".csv"), bucket = "acme-reports")\n',
    );
    assert.deepEqual(keys(x.writes), ['endpoint:s3://acme-reports/summaries/*.csv']);
    assert.equal(confidenceOf(x.writes, 'endpoint:s3://acme-reports/summaries/*.csv'), 'partial');
    assert.deepEqual(keys(x.reads), ['file:/srv/export/summary.csv']);
  });

  it('put_object by position, bucket from a variable, object defaulting to the base name', async () => {
    const x = await r(
      'bkt <- "lab-archive"\nput_object("/data/out/run.rds", "runs/latest.rds", bkt)\nput_object(file = "/data/out/log.txt", bucket = bkt)\n',
    );
    assert.deepEqual(keys(x.writes), [
      'endpoint:s3://lab-archive/log.txt',
      'endpoint:s3://lab-archive/runs/latest.rds',
    ]);
    assert.equal(confidenceOf(x.writes, 'endpoint:s3://lab-archive/runs/latest.rds'), 'resolved');
    assert.deepEqual(keys(x.reads), ['file:/data/out/log.txt', 'file:/data/out/run.rds']);
  });

  it('save_object reads the bucket and writes the local file; get_object and s3read_using read', async () => {
    const x = await r(
      'save_object("inbox/prices.csv", "vendor-drop", file = "/srv/in/prices.csv")\nraw <- get_object(object = "s3://vendor-drop/inbox/rates.json")\ncfg <- aws.s3::s3read_using(FUN = read.csv, object = "ref/codes.csv", bucket = "vendor-drop")\n',
    );
    assert.deepEqual(keys(x.reads), [
      'endpoint:s3://vendor-drop/inbox/prices.csv',
      'endpoint:s3://vendor-drop/inbox/rates.json',
      'endpoint:s3://vendor-drop/ref/codes.csv',
    ]);
    assert.deepEqual(keys(x.writes), ['file:/srv/in/prices.csv']);
  });

  it('s3write_using writes; an unknown bucket gives no endpoint', async () => {
    const x = await r(
      'aws.s3::s3write_using(df, FUN = write.csv, object = "clean/out.csv", bucket = "tidy-zone")\nput_object(file = "/tmp/x.csv", object = "x.csv", bucket = Sys.getenv("BUCKET"))\n',
    );
    assert.deepEqual(keys(x.writes), ['endpoint:s3://tidy-zone/clean/out.csv']);
  });
});

describe('R extractor: sourced files, the script own functions, API clients', () => {
  it("source() runs the file in this session: its client function, called with the caller's base_url, reads the endpoint", async () => {
    const x = await r(
      'source("clients/catalog.R")\nitems <- items_fetch(base_url = "https://catalog.example.net", id = 4)\nwrite.csv(items, "/srv/out/items.csv")\n',
      {
        files: {
          '/opt/report/clients/catalog.R':
            'library(httr)\nitems_fetch <- function(base_url, id, fmt = "json") {\n  url <- paste0(base_url, "/v2/items/", id, ".", fmt)\n  res <- httr::GET(url)\n  content(res)\n}\n',
        },
      },
    );
    assert.deepEqual(keys(x.reads), ['endpoint:https://catalog.example.net/v2/items/4.json']);
    assert.deepEqual(keys(x.writes), ['file:/srv/out/items.csv']);
    // evidence points into the sourced file; the file is not scanned again on its own
    assert.equal(x.reads[0]?.evidence.file, '/opt/report/clients/catalog.R');
    assert.equal(x.reads[0]?.evidence.line, 4);
    assert.deepEqual(
      x.invokes.map((i) => [i.path, i.inlined]),
      [['/opt/report/clients/catalog.R', true]],
    );
  });

  it('a function defined in the script: positional and named arguments, defaults, its returned path', async () => {
    const x = await r(
      'out_path <- function(name, dir = "/srv/out") {\n  file.path(dir, paste0(name, ".csv"))\n}\nload_part <- function(part) read.csv(sprintf("/srv/in/part_%s.csv", part))\nfor (p in c("north", "south")) load_part(p)\nwrite.csv(d, out_path("daily"))\nwrite.csv(d, out_path(dir = "/srv/archive", "weekly"))\n',
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/in/part_north.csv', 'file:/srv/in/part_south.csv']);
    assert.deepEqual(keys(x.writes), ['file:/srv/archive/weekly.csv', 'file:/srv/out/daily.csv']);
  });

  it("a package's API client named for fetching reads its base_url; one named for sending writes; other names give nothing", async () => {
    const x = await r(
      'library(surveykit)\nforms <- survey_pull(api_url = "https://forms.example.org", form = 3)\nresults_upload(endpoint = "https://hub.example.org/inbox", data = forms)\nthing_sync(url = "https://sync.example.org")\nsurvey_pull(api_url = Sys.getenv("FORMS_URL"))\n',
    );
    assert.deepEqual(keys(x.reads), ['endpoint:https://forms.example.org']);
    assert.deepEqual(keys(x.writes), ['endpoint:https://hub.example.org/inbox']);
    assert.equal(confidenceOf(x.reads, 'endpoint:https://forms.example.org'), 'heuristic');
  });

  it('a function never called with known arguments is still walked once, with its parameters unknown', async () => {
    const x = await r('tidy <- function(f) {\n  d <- read.csv(f)\n  write.csv(d, "/srv/out/tidy.csv")\n}\n');
    assert.deepEqual(keys(x.writes), ['file:/srv/out/tidy.csv']);
    assert.deepEqual(keys(x.reads), []);
  });
});

describe('R extractor: scope of the script own functions', () => {
  it('`<<-` in a function sets the global; `<-` stays local', async () => {
    const x = await r(
      'out_dir <- "/srv/out"\nsetup <- function(env) {\n  out_dir <<- file.path("/srv", env)\n  tmp <- "/tmp/scratch"\n}\nsetup("prod")\nwrite.csv(d, file.path(out_dir, "summary.csv"))\nwrite.csv(d, file.path(tmp, "x.csv"))\n',
    );
    assert.deepEqual(keys(x.writes), ['file:/srv/prod/summary.csv']);
  });
});

describe('R extractor: optparse options from the caller', () => {
  it('make_option specs, parse_args over the crontab arguments, defaults when not passed', async () => {
    const x = await r(
      'library(optparse)\noption_list <- list(\n  make_option(c("-i", "--input-file"), type = "character"),\n  make_option(c("-o", "--out"), default = "/srv/out/default.csv"),\n  make_option("--archive", default = "/srv/archive/rollup.rds"),\n  make_option(c("-q", "--quiet"), action = "store_true", default = FALSE)\n)\nopt <- parse_args(OptionParser(option_list = option_list))\nd <- read.csv(opt$input_file)\nwrite.csv(d, opt$out)\nsaveRDS(d, opt[["archive"]])\n',
      { args: ['-q', '--input-file=/srv/in/visits.csv', '-o', '/srv/out/visits.csv'] },
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/in/visits.csv']);
    assert.deepEqual(keys(x.writes), ['file:/srv/archive/rollup.rds', 'file:/srv/out/visits.csv']);
    assert.equal(confidenceOf(x.reads, 'file:/srv/in/visits.csv'), 'resolved');
  });

  it('add_option through a pipe, and positional arguments beside the options', async () => {
    const x = await r(
      'library(optparse)\nlibrary(magrittr)\np <- OptionParser() %>% add_option(c("-d", "--day"), default = "today")\nparsed <- parse_args(p, positional_arguments = TRUE)\nf <- file.path("/srv/daily", paste0(parsed$options$day, ".csv"))\nwrite.csv(read.csv(parsed$args[1]), f)\n',
      { args: ['--day', '2024-02-01', '/srv/in/raw.csv'] },
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/in/raw.csv']);
    assert.deepEqual(keys(x.writes), ['file:/srv/daily/2024-02-01.csv']);
  });
});
