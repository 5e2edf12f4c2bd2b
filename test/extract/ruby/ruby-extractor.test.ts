import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confidenceOf, extractSnippet, keys } from '../../helpers/script.js';

const rb = (text: string, opts = {}) => extractSnippet('ruby', text, { path: '/opt/ops/rollup.rb', ...opts });

describe('Ruby extractor: files and arguments', () => {
  it('binds ARGV[0] and ARGV[1] from the caller', async () => {
    const x = await rb(
      "require 'csv'\ninput = ARGV[0]\noutput = ARGV[1]\nrows = CSV.read(input, headers: true)\nFile.write(output, rows.to_s)\n",
      {
        args: ['/srv/ops/in.csv', '/srv/ops/out.txt'],
      },
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/ops/in.csv']);
    assert.deepEqual(keys(x.writes), ['file:/srv/ops/out.txt']);
    assert.equal(confidenceOf(x.reads, 'file:/srv/ops/in.csv'), 'resolved');
  });

  it('File.open modes and blocks, CSV.open, FileUtils, Logger; literal paths exact', async () => {
    const x = await rb(
      "File.open('/srv/ops/audit.log', 'a') do |f|\n  f.puts 'run'\nend\nCSV.open('/srv/ops/report.csv', 'w') { |csv| csv << [1] }\nFile.foreach('/srv/ops/hosts.txt') { |l| puts l }\nFileUtils.cp('/srv/ops/report.csv', '/srv/backup/report.csv')\nlog = Logger.new('/var/log/rollup.log')\nLogger.new(STDOUT)\n",
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/ops/hosts.txt', 'file:/srv/ops/report.csv']);
    assert.deepEqual(keys(x.writes), [
      'file:/srv/backup/report.csv',
      'file:/srv/ops/audit.log',
      'file:/srv/ops/report.csv',
      'file:/var/log/rollup.log',
    ]);
    assert.equal(confidenceOf(x.writes, 'file:/srv/ops/audit.log'), 'exact');
  });

  it('interpolation, File.join and File.expand_path; an unknown date is *', async () => {
    const x = await rb(
      "BASE = '/srv/ops'\nday = Date.today.strftime('%Y%m%d')\nFile.write(File.join(BASE, \"daily_#{day}.txt\"), 'x')\ndata = File.read(File.expand_path('../data/seed.txt', __dir__))\n",
    );
    assert.deepEqual(keys(x.writes), ['file:/srv/ops/daily_*.txt']);
    assert.deepEqual(keys(x.reads), ['file:/opt/data/seed.txt']);
    assert.equal(confidenceOf(x.writes, 'file:/srv/ops/daily_*.txt'), 'partial');
  });

  it('OptionParser --env picks a YAML config under ROOT whose values resolve', async () => {
    const x = await rb(
      "require 'optparse'\noptions = {}\nOptionParser.new do |o|\n  o.on('-e', '--env ENV') { |v| options[:env] = v }\nend.parse!\ncfg = YAML.load_file(\"/opt/ops/config/#{options[:env]}.yml\")\nFile.write(cfg['export_path'], 'x')\n",
      {
        args: ['--env', 'prod'],
        files: { '/opt/ops/config/prod.yml': 'export_path: /srv/prod/export.txt\n' },
      },
    );
    assert.deepEqual(keys(x.reads), ['file:/opt/ops/config/prod.yml']);
    assert.deepEqual(keys(x.writes), ['file:/srv/prod/export.txt']);
  });

  it('each over a literal array binds every element', async () => {
    const x = await rb(
      '%w[north south].each do |region|\n  FileUtils.mv("/srv/in/#{region}.csv", "/srv/done/#{region}.csv")\nend\n',
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/in/north.csv', 'file:/srv/in/south.csv']);
  });
});

describe('Ruby extractor: databases, HTTP, commands', () => {
  it('PG.connect with options, exec SQL on it', async () => {
    const x = await rb(
      "conn = PG.connect(host: 'pg1', dbname: 'dw')\nconn.exec('INSERT INTO marts.daily SELECT * FROM staging.events')\nconn.exec_params('DELETE FROM staging.events WHERE d < $1', [d])\n",
    );
    assert.deepEqual(keys(x.reads), ['table:postgres://pg1:5432/staging.events']);
    assert.deepEqual(keys(x.writes), [
      'table:postgres://pg1:5432/marts.daily',
      'table:postgres://pg1:5432/staging.events',
    ]);
  });

  it('Mysql2 client query and Sequel datasets', async () => {
    const x = await rb(
      "c = Mysql2::Client.new(host: 'my1', database: 'crm')\nc.query('SELECT * FROM leads')\nDB = Sequel.connect('postgres://pg2/dw')\nDB[:visits]\n",
    );
    assert.deepEqual(keys(x.reads), ['table:mysql://my1:3306/crm.leads', 'table:postgres://pg2:5432/visits']);
  });

  it('Net::HTTP, open-uri and HTTParty are endpoints; post writes', async () => {
    const x = await rb(
      "body = Net::HTTP.get(URI('https://api.example.org/v1/rates?d=1'))\nHTTParty.post('https://hooks.example.org/rollup', body: body)\nURI.open('https://mirror.example.org/list.txt')\n",
    );
    assert.deepEqual(keys(x.reads), [
      'endpoint:https://api.example.org/v1/rates',
      'endpoint:https://mirror.example.org/list.txt',
    ]);
    assert.deepEqual(keys(x.writes), ['endpoint:https://hooks.example.org/rollup']);
  });

  it('system with one string is a shell line, with several an argv; backticks too', async () => {
    const x = await rb(
      "system('gzip -k /srv/ops/report.csv')\nsystem('/opt/ops/push.sh', '/srv/ops/report.csv.gz')\nlist = `ls /srv/ops/incoming`\n",
      { files: { '/opt/ops/push.sh': '#!/bin/sh\n' } },
    );
    assert.ok(keys(x.reads).includes('file:/srv/ops/report.csv'));
    assert.deepEqual(
      x.invokes.map((i) => [i.path, i.args]),
      [['/opt/ops/push.sh', ['/srv/ops/report.csv.gz']]],
    );
  });
});

describe('Ruby extractor: open modes', () => {
  it('an encoding after the mode is not a mode: r:ascii only reads', async () => {
    const x = await rb(
      "File.open('/srv/in/codes.txt', 'r:ascii') { |f| f.read }\nFile.open('/srv/out/codes.txt', 'w:utf-8') { |f| f.puts 'x' }\n",
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/in/codes.txt']);
    assert.deepEqual(keys(x.writes), ['file:/srv/out/codes.txt']);
  });
});

describe('Ruby extractor: the script own methods and required files', () => {
  it('a method is walked per call: positional, default and keyword parameters, its last value', async () => {
    const x = await rb(
      "def export(name, dir = '/srv/exports', fmt: 'csv')\n  path = File.join(dir, \"#{name}.#{fmt}\")\n  File.write(path, 'x')\nend\ndef staging(name)\n  \"/srv/stage/#{name}.json\"\nend\nexport('daily')\nexport('weekly', '/srv/archive', fmt: 'tsv')\nFile.read(staging('inbox'))\nFile.write(path, 'y') if defined?(path)\n",
    );
    assert.deepEqual(keys(x.writes), ['file:/srv/archive/weekly.tsv', 'file:/srv/exports/daily.csv']);
    assert.deepEqual(keys(x.reads), ['file:/srv/stage/inbox.json']);
  });

  it("require_relative walks the file: its constants and methods are the script's, its locals are not", async () => {
    const x = await rb(
      "require_relative 'lib/paths'\nrequire_relative 'lib/paths'\nrequire 'json'\nsnapshot(REPORT_DIR)\nFile.write(\"#{tmp}/x\", '') \n",
      {
        files: {
          '/opt/ops/lib/paths.rb':
            "REPORT_DIR = '/srv/reports'\ntmp = '/var/tmp/ops'\ndef snapshot(dir)\n  FileUtils.cp(File.join(dir, 'today.csv'), File.join(dir, 'snap.csv'))\nend\nFile.write('/var/log/ops/paths-loaded.log', 'ok')\n",
        },
      },
    );
    assert.deepEqual(keys(x.reads), ['file:/srv/reports/today.csv']);
    assert.deepEqual(keys(x.writes), ['file:/srv/reports/snap.csv', 'file:/var/log/ops/paths-loaded.log']);
    assert.deepEqual(
      x.invokes.map((i) => [i.path, i.inlined]),
      [['/opt/ops/lib/paths.rb', true]],
    );
  });
});
