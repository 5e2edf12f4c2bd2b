/**
 * Constructs met in scheduled Python jobs of public repositories (issue 10, class 6, 8 and 11),
 * rewritten here with other names: each test builds a tiny server root and extracts one script.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createParsers, type Parsers } from '../../../src/extract/parse/tree-sitter.js';
import { pythonExtractor } from '../../../src/extract/python/index.js';
import type { Extraction } from '../../../src/extract/types.js';
import { ServerFs } from '../../../src/util/server-fs.js';
import { makeRoot, removeRoot } from '../../helpers/server-root.js';

let parsers: Parsers;
const roots: string[] = [];
before(async () => {
  parsers = await createParsers();
});
after(() => {
  for (const r of roots) removeRoot(r);
});

function run(
  text: string,
  opts: { files?: Record<string, string>; path?: string; cwd?: string; args?: string[] } = {},
): Extraction {
  const root = makeRoot(opts.files ?? {});
  roots.push(root);
  return pythonExtractor.extract({
    path: opts.path ?? '/srv/jobs/nightly.py',
    text,
    language: 'python',
    args: opts.args ?? [],
    env: {},
    cwd: opts.cwd ?? '/home/batch',
    host: 'batch01',
    fs: new ServerFs(root),
    parsers,
    budgetMs: 5000,
  });
}
const reads = (x: Extraction): string[] => [...new Set(x.reads.map((r) => r.node.key))].sort();
const writes = (x: Extraction): string[] => [...new Set(x.writes.map((r) => r.node.key))].sort();

describe('python: settings from an INI file in the working directory', () => {
  const ini = [
    '[SOURCE]',
    'Feed_URL = https://data.example-coop.org/daily/prices.zip',
    'MEMBER = prices.csv',
    '[TARGET]',
    'DAV = https://store.example-coop.org/remote.php/dav',
    '[CHAT]',
    'HOOK = https://talk.example-coop.org/hooks/s3cr3tkey',
  ].join('\n');

  it('a section held in a variable is indexed with the option name in any case', () => {
    const x = run(
      [
        'import configparser, requests',
        'settings = configparser.ConfigParser()',
        "settings.read('feeds.ini')",
        "src = settings['SOURCE']",
        "requests.get(src['FEED_URL'])",
        "requests.get(src['feed_url'])",
      ].join('\n'),
      { files: { '/home/batch/feeds.ini': ini } },
    );
    assert.deepEqual(reads(x), [
      'endpoint:https://data.example-coop.org/daily/prices.zip',
      'file:/home/batch/feeds.ini',
    ]);
  });

  it("a download named after the URL's last segment, then one archive member picked by name", () => {
    const x = run(
      [
        'import configparser, urllib.request, zipfile',
        'settings = configparser.ConfigParser()',
        "settings.read('feeds.ini')",
        "src = settings['SOURCE']",
        'def fetch(address):',
        "    local = address.split('/')[-1]",
        "    with open(local, 'wb') as fh:",
        '        fh.write(urllib.request.urlopen(address).read())',
        '    return local',
        "bundle = fetch(src['FEED_URL'])",
        'with zipfile.ZipFile(bundle) as z:',
        '    for entry in z.namelist():',
        "        if entry == src['MEMBER']:",
        "            z.extract(entry, 'unpacked')",
      ].join('\n'),
      { files: { '/home/batch/feeds.ini': ini } },
    );
    assert.deepEqual(writes(x), ['file:/home/batch/prices.zip', 'file:/home/batch/unpacked/prices.csv']);
    assert.ok(reads(x).includes('file:/home/batch/prices.zip'));
    assert.ok(reads(x).includes('endpoint:https://data.example-coop.org/daily/prices.zip'));
  });

  it('a WebDAV client uploads to its configured host and lists a folder there', () => {
    const x = run(
      [
        'import configparser',
        'from webdav3.client import Client',
        'settings = configparser.ConfigParser()',
        "settings.read('feeds.ini')",
        "dav = Client({'webdav_hostname': settings['TARGET']['DAV'], 'webdav_login': 'svc'})",
        "dav.list('outbox')",
        "dav.upload_sync(remote_path='outbox/prices.tgz', local_path='/srv/stage/prices.tgz')",
        "dav.download_sync(remote_path='inbox/ack.txt', local_path='/srv/stage/ack.txt')",
      ].join('\n'),
      { files: { '/home/batch/feeds.ini': ini } },
    );
    assert.deepEqual(writes(x), [
      'endpoint:https://store.example-coop.org/remote.php/dav/outbox/prices.tgz',
      'file:/srv/stage/ack.txt',
    ]);
    assert.ok(reads(x).includes('endpoint:https://store.example-coop.org/remote.php/dav/outbox'));
    assert.ok(reads(x).includes('endpoint:https://store.example-coop.org/remote.php/dav/inbox/ack.txt'));
    assert.ok(reads(x).includes('file:/srv/stage/prices.tgz'));
  });

  it('a chat webhook read from the INI keeps only the part before its secret', () => {
    const x = run(
      [
        'import configparser, requests',
        'settings = configparser.ConfigParser()',
        "settings.read('feeds.ini')",
        "requests.post(settings['CHAT']['HOOK'], json={'text': 'done'})",
      ].join('\n'),
      { files: { '/home/batch/feeds.ini': ini } },
    );
    assert.deepEqual(writes(x), ['endpoint:https://talk.example-coop.org/hooks/***']);
    assert.ok(!JSON.stringify(x).includes('s3cr3tkey'));
  });
});

describe('python: writers and readers of less common formats', () => {
  it('shelve reads and writes its file; xarray reads NetCDF and to_netcdf writes it', () => {
    const x = run(
      [
        'import shelve',
        'import xarray as xr',
        "memo = shelve.open('/var/lib/gridjob/memo')",
        "frozen = shelve.open('/var/lib/gridjob/frozen', flag='r')",
        "cube = xr.open_dataset('/srv/grids/raw/temps.nc')",
        "cube.to_netcdf('/srv/grids/clean/temps.nc')",
      ].join('\n'),
    );
    assert.deepEqual(reads(x), [
      'file:/srv/grids/raw/temps.nc',
      'file:/var/lib/gridjob/frozen',
      'file:/var/lib/gridjob/memo',
    ]);
    assert.deepEqual(writes(x), ['file:/srv/grids/clean/temps.nc', 'file:/var/lib/gridjob/memo']);
  });
});

describe('python: names bound by loops and branches', () => {
  it('read_sql_table over a literal list reads every table, not only the first', () => {
    const x = run(
      [
        'import pandas as pd',
        'from sqlalchemy import create_engine',
        "wh = create_engine('postgresql://loader@pg-wh/warehouse')",
        "for name in ('invoices', 'credit_notes', 'payments'):",
        "    pd.read_sql_table(name, wh, schema='ledger').to_csv(f'/srv/dump/{name}.csv')",
      ].join('\n'),
    );
    assert.deepEqual(
      reads(x).map((k) => k.replace(/^table:.*\//, 'table:')),
      ['table:ledger.credit_notes', 'table:ledger.invoices', 'table:ledger.payments'],
    );
    assert.deepEqual(writes(x), [
      'file:/srv/dump/credit_notes.csv',
      'file:/srv/dump/invoices.csv',
      'file:/srv/dump/payments.csv',
    ]);
  });

  it('a data-modifying CTE executed from Python writes the table it updates', () => {
    const x = run(
      [
        'import psycopg2',
        "conn = psycopg2.connect('host=pg-q dbname=queue')",
        'cur = conn.cursor()',
        "cur.execute('WITH taken AS (UPDATE work.tickets SET claimed = now() WHERE claimed IS NULL RETURNING id) SELECT id FROM taken')",
      ].join('\n'),
    );
    assert.deepEqual(
      writes(x).map((k) => k.replace(/^table:.*\//, 'table:')),
      ['table:work.tickets'],
    );
  });
});

describe('python: classes across modules', () => {
  const base = [
    'import json',
    'class Checkpointed:',
    "    def __init__(self, ledger='/var/lib/sync/default.json', **extra):",
    '        self.ledger = ledger',
    '    def remember(self, data):',
    "        with open(self.ledger, 'w') as fh:",
    '            json.dump(data, fh)',
  ].join('\n');

  it('a method inherited from a class in an imported module writes what the subclass set up', () => {
    const x = run(
      [
        'from checkpoint import Checkpointed',
        'class Mirror(Checkpointed):',
        '    def __init__(self, list_path=None, **extra):',
        '        super().__init__(**extra)',
        '        self.list_path = list_path',
        '    def go(self):',
        '        with open(self.list_path) as fh:',
        '            wanted = fh.read()',
        "        self.remember({'done': True})",
        "Mirror(list_path='/etc/mirror/sources.txt', ledger='/var/lib/mirror/ledger.json').go()",
      ].join('\n'),
      { path: '/opt/mirror/run_mirror.py', files: { '/opt/mirror/checkpoint.py': base } },
    );
    assert.deepEqual(reads(x), ['file:/etc/mirror/sources.txt']);
    assert.deepEqual(writes(x), ['file:/var/lib/mirror/ledger.json']);
    assert.deepEqual(
      x.invokes.map((i) => [i.path, i.mode]),
      [['/opt/mirror/checkpoint.py', 'import']],
    );
  });

  it("an imported module's top-level log file is the importer's, in the importer's directory", () => {
    const helper = [
      'import logging',
      'from logging.handlers import TimedRotatingFileHandler',
      "sink = TimedRotatingFileHandler('loader.log', when='midnight')",
      'def get(name):',
      '    log = logging.getLogger(name)',
      '    log.addHandler(sink)',
      '    return log',
    ].join('\n');
    const x = run('from logsetup import get\nlog = get(__name__)\nlog.info("start")\n', {
      path: '/opt/loader/load.py',
      cwd: '/opt/loader',
      files: { '/opt/loader/logsetup.py': helper },
    });
    assert.deepEqual(writes(x), ['file:/opt/loader/loader.log']);
  });
});

describe('python: .env found the way python-dotenv finds it', () => {
  it("load_dotenv() without a path takes .env from the nearest parent of the script's directory", () => {
    const x = run(
      [
        'import os, requests',
        'from dotenv import load_dotenv',
        'load_dotenv()',
        "requests.get(os.environ['FEED_BASE'] + '/stock')",
        "open(os.path.join(os.getenv('DROP_DIR'), 'stock.json'), 'w')",
      ].join('\n'),
      {
        path: '/opt/stockfeed/jobs/pull.py',
        files: { '/opt/stockfeed/.env': 'FEED_BASE=https://feed.example-stock.net/v1\nDROP_DIR=/srv/drop\n' },
      },
    );
    assert.deepEqual(reads(x), [
      'endpoint:https://feed.example-stock.net/v1/stock',
      'file:/opt/stockfeed/.env',
    ]);
    assert.deepEqual(writes(x), ['file:/srv/drop/stock.json']);
  });
});

describe('python: static and class methods called through self', () => {
  it('a @staticmethod called as self.m(a, b) binds a and b, not self', () => {
    const x = run(
      [
        'import psycopg2',
        'class Loader:',
        '    def __init__(self):',
        "        self.target = 'shipments'",
        '    @staticmethod',
        '    def push(csv_path, table):',
        "        conn = psycopg2.connect(host='wh01', dbname='ops')",
        '        cur = conn.cursor()',
        "        cur.execute(f'INSERT INTO {table} SELECT * FROM staging')",
        '    def run(self):',
        "        self.push('/srv/out/ship.csv', self.target)",
        'Loader().run()',
      ].join('\n'),
    );
    assert.ok(writes(x).includes('table:postgres://wh01:5432/shipments'), writes(x).join(', '));
    assert.ok(!writes(x).some((k) => k.includes('/srv/out')), 'the path is not taken for the table');
  });

  it('a @classmethod takes the class as its first parameter', () => {
    const x = run(
      [
        'class Report:',
        "    folder = '/srv/reports'",
        '    @classmethod',
        '    def write(cls, name):',
        "        open(f'{cls.folder}/{name}.txt', 'w')",
        '    def run(self):',
        "        self.write('weekly')",
        'Report().run()',
      ].join('\n'),
    );
    assert.deepEqual(writes(x), ['file:/srv/reports/weekly.txt']);
  });

  // seen in a real log-report helper: `with Parser.open_log(path) as f:` over sys.argv[1:]
  it('a @classmethod called through the class name binds the class, then the arguments', () => {
    const x = run(
      [
        'import gzip, sys',
        'class Parser:',
        '    @classmethod',
        '    def open_log(cls, log):',
        "        if log.endswith('.gz'):",
        "            return gzip.open(log, 'rt')",
        "        return open(log, 'rt')",
        'def tally(paths):',
        '    for p in paths:',
        '        with Parser.open_log(p) as f:',
        '            pass',
        "tally(['/var/log/nginx/edge.log', '/var/log/nginx/edge.log.1'])",
      ].join('\n'),
    );
    assert.deepEqual(reads(x), ['file:/var/log/nginx/edge.log', 'file:/var/log/nginx/edge.log.1']);
  });
});

describe('python: a search path for a config file', () => {
  const SEARCH = [
    'import os',
    'here = os.path.dirname(os.path.abspath(__file__))',
    "paths = [os.path.join(here, 'conf', 'skip.list'), '/etc/edge/skip.list']",
    'for p in paths:',
    '    if os.path.isfile(p):',
    '        with open(p) as f:',
    '            skip = f.read()',
    '        break',
  ].join('\n');

  it('uses the first candidate that exists on the server', () => {
    assert.deepEqual(reads(run(SEARCH, { files: { '/etc/edge/skip.list': '10.0.0.1\n' } })), [
      'file:/etc/edge/skip.list',
    ]);
  });

  it('with none on the server, every candidate stays (one may appear)', () => {
    assert.equal(reads(run(SEARCH)).length, 2);
  });
});

describe('python: loguru sinks', () => {
  it('logger.add(PATH) writes the log; logger.add(sys.stdout) writes no file', () => {
    const helper = [
      'import sys',
      'from loguru import logger',
      'def setup(path):',
      '    logger.remove()',
      '    logger.add(sys.stdout)',
      '    logger.add(f"{path}", rotation="1 week")',
      '    return logger',
    ].join('\n');
    const x = run(
      [
        'from pathlib import Path',
        'from logsetup2 import setup',
        "log = setup(Path(__file__).parent.parent / 'logs/loader.log')",
      ].join('\n'),
      {
        path: '/opt/feeder/app/load.py',
        cwd: '/opt/feeder',
        files: { '/opt/feeder/app/logsetup2.py': helper },
      },
    );
    assert.deepEqual(writes(x), ['file:/opt/feeder/logs/loader.log']);
  });
});

// seen in a real downloader: the URL and the file name cut out of argv with slices
describe('python: string slices', () => {
  it('known strings sliced by known bounds, negative from the end, len() included', () => {
    const x = run(
      [
        'import os, sys, urllib.request',
        "gz = sys.argv[1].split('/')[-1]",
        'name = gz[:-3]',
        'base = sys.argv[1][:-len(gz)]',
        "urllib.request.urlretrieve(base + gz, '/tmp/' + gz)",
        "open(os.path.join(sys.argv[2], name), 'wb')",
      ].join('\n'),
      { args: ['https://guide.example.tv/epg/full.xml.gz', '/srv/www/guide/'] },
    );
    assert.deepEqual(reads(x), ['endpoint:https://guide.example.tv/epg/full.xml.gz']);
    assert.deepEqual(writes(x), ['file:/srv/www/guide/full.xml', 'file:/tmp/full.xml.gz']);
  });
});

// seen in a chat-log analyser: the listed files walked through a progress bar
describe('python: progress bars yield what they wrap', () => {
  it('for f in tqdm(files), tqdm.tqdm(...), tqdm.auto.tqdm(iterable=...) walk the files themselves', () => {
    const x = run(
      [
        'import os, tqdm',
        'from tqdm import tqdm as progress',
        'from tqdm.auto import tqdm as bar',
        "logs = '/var/chat/logs/'",
        'files = [logs + f for f in sorted(os.listdir(logs))]',
        "for name in progress(files, desc='parsing'):",
        '    with open(name) as f:',
        '        pass',
        "for name in tqdm.tqdm(os.listdir('/var/chat/old/')):",
        "    open('/var/chat/old/' + name).read()",
        "for path in bar(iterable=['/var/chat/extra.txt']):",
        '    open(path).read()',
      ].join('\n'),
    );
    assert.deepEqual(reads(x), ['file:/var/chat/extra.txt', 'file:/var/chat/logs/*', 'file:/var/chat/old/*']);
  });
});

// seen in a chat-log downloader: each day's log is the answer to a POSTed date form
describe('python: a response whose body is read reads its endpoint, whatever the method', () => {
  it('urlopen(Request(url, data)) parsed, requests.post(...).json(), json.load(urlopen(...)); not a webhook', () => {
    const x = run(
      [
        'import json, sys, requests, urllib.parse, urllib.request',
        'from lxml import etree',
        "form = urllib.parse.urlencode({'date': '2024-05-01'}).encode()",
        "req = urllib.request.Request('https://archive.example-chat.net/log.html', data=form)",
        'with urllib.request.urlopen(req) as resp:',
        '    page = etree.parse(resp, etree.HTMLParser())',
        "hits = requests.post('https://search.example-chat.net/api/query', json={'q': 'x'}).json()",
        "stats = json.load(urllib.request.urlopen('https://stats.example-chat.net/sum', data=b'day=1'))",
        "requests.post('https://hooks.example-chat.net/notify', json={'text': 'done'})",
        "r = requests.post('https://drop.example-chat.net/upload', data=open('/srv/out/day.csv', 'rb'))",
        'if r.status_code != 202:',
        "    print(f'rejected: {r.text[:200]}', file=sys.stderr)",
      ].join('\n'),
    );
    assert.deepEqual(reads(x), [
      'endpoint:https://archive.example-chat.net/log.html',
      'endpoint:https://search.example-chat.net/api/query',
      'endpoint:https://stats.example-chat.net/sum',
      'file:/srv/out/day.csv',
    ]);
    assert.deepEqual(writes(x), [
      'endpoint:https://archive.example-chat.net/log.html',
      'endpoint:https://drop.example-chat.net/upload',
      'endpoint:https://hooks.example-chat.net/notify',
      'endpoint:https://search.example-chat.net/api/query',
      'endpoint:https://stats.example-chat.net/sum',
    ]);
  });
});

// seen in a sensor-data collector: a checkout installed with `pip install -e .`, its tables mapped
describe('python: SQLAlchemy ORM sessions and a package importable from its project root', () => {
  const models = [
    'import os',
    'from sqlalchemy import create_engine, Column, Integer',
    'from sqlalchemy.orm import sessionmaker, declarative_base',
    "ENGINE = create_engine('postgresql://collector@db.plant.lan:5432/plant')",
    'SESSION = sessionmaker(bind=ENGINE)',
    'BASE = declarative_base()',
    'class Station(BASE):',
    "    __tablename__ = 'stations'",
    '    id = Column(Integer, primary_key=True)',
    'class Probe(BASE):',
    "    __tablename__ = 'probes'",
    '    id = Column(Integer, primary_key=True)',
    'class Sample(BASE):',
    "    __tablename__ = 'samples'",
    '    id = Column(Integer, primary_key=True)',
    'def last_sample(station, session=SESSION()):',
    '    return session.query(Sample).join(Probe).join(Station).filter(Station.id == station).first()',
    'def keep(sample, session=SESSION()):',
    '    session.add(Sample(id=sample))',
    '    session.commit()',
    'class Site(BASE):',
    "    __tablename__ = 'sites'",
    '    code = Column(Integer, primary_key=True)',
    'def site_codes(session=SESSION()):',
    '    return session.query(Site.code).all()',
    "def append(frame, table_name='samples_raw', engine=ENGINE):",
    "    frame.to_sql(table_name, engine, if_exists='append')",
  ].join('\n');

  it('query(Model), query(Model.column) and .join(Other) read the mapped tables, session.add(Model(...)) writes one', () => {
    const x = run(
      [
        'from plantdata.models import last_sample, keep, append, site_codes',
        'site_codes()',
        'keep(last_sample(1))',
        'append(None)',
      ].join('\n'),
      {
        path: '/opt/plantdata/plantdata/collect.py',
        cwd: '/opt/plantdata',
        files: {
          '/opt/plantdata/setup.py': 'from setuptools import setup\nsetup(name="plantdata")\n',
          '/opt/plantdata/plantdata/__init__.py': '',
          '/opt/plantdata/plantdata/models.py': models,
        },
      },
    );
    const tables = (keys: string[]) => keys.filter((k) => k.startsWith('table:'));
    assert.deepEqual(tables(reads(x)), [
      'table:postgres://db.plant.lan:5432/probes',
      'table:postgres://db.plant.lan:5432/samples',
      'table:postgres://db.plant.lan:5432/sites',
      'table:postgres://db.plant.lan:5432/stations',
    ]);
    assert.deepEqual(tables(writes(x)), [
      'table:postgres://db.plant.lan:5432/samples',
      'table:postgres://db.plant.lan:5432/samples_raw',
    ]);
  });

  it('without a setup.py, setup.cfg or pyproject.toml above it, the package is not found there', () => {
    const x = run('from plantdata.models import append\nappend(None)', {
      path: '/opt/plantdata/plantdata/collect.py',
      cwd: '/opt/plantdata',
      files: { '/opt/plantdata/plantdata/__init__.py': '', '/opt/plantdata/plantdata/models.py': models },
    });
    assert.deepEqual(writes(x), []);
  });
});
