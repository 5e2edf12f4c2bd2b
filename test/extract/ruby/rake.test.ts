/**
 * Rake and the Ruby a backup or report task runs, seen in a real server whose crontab `whenever`
 * wrote (`cd DIR && bundle exec rake NS:TASK --quiet >> DIR/cron.log 2>&1`): the Rakefile's named
 * task runs (its prerequisites first, other tasks not), a `.env` loaded with Dotenv decides which
 * `if` branches run, arrays built with `<<`, a literal `Dir.glob` over the server's directories,
 * a logger class of the project's own, `split('/')[-N]`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confidenceOf, extractSnippet, keys } from '../../helpers/script.js';
import { extractCronCommand, keys as shellKeys } from '../../helpers/shell.js';

const RAKEFILE = `require_relative 'lib/jobs'

task :environment

namespace :reports do
  desc 'nightly rollup'
  task nightly: :environment do
    File.write('/srv/reports/nightly.csv', rollup)
  end

  task :purge do
    File.write('/srv/reports/purged.txt', Time.now.to_s)
  end

  namespace :ship do
    task to_bucket: [:nightly] do
      system("aws s3 cp /srv/reports/nightly.csv s3://rep-archive/nightly/")
    end
  end
end

task default: 'reports:purge'
`;

const JOBS = `def rollup
  File.read('/srv/ledger/entries.csv')
end
`;

const rake = (args: string[], files: Record<string, string> = {}) =>
  extractSnippet('ruby', RAKEFILE, {
    path: '/srv/app/Rakefile',
    args,
    files: { '/srv/app/lib/jobs.rb': JOBS, ...files },
  });

describe('rake: a Rakefile runs the tasks it is asked for', () => {
  it('the named task runs after its prerequisites; other tasks do not', async () => {
    const x = await rake(['reports:ship:to_bucket']);
    assert.deepEqual(keys(x.writes), [
      'endpoint:s3://rep-archive/nightly/nightly.csv',
      'file:/srv/reports/nightly.csv',
    ]);
    assert.ok(keys(x.reads).includes('file:/srv/ledger/entries.csv'));
    assert.ok(!keys(x.writes).includes('file:/srv/reports/purged.txt'));
  });

  it('no task named runs default', async () => {
    const x = await rake([]);
    assert.deepEqual(keys(x.writes), ['file:/srv/reports/purged.txt']);
  });

  it('Rails.application.load_tasks loads lib/tasks/*.rake beside the Rakefile', async () => {
    const x = await extractSnippet(
      'ruby',
      "require_relative 'config/application'\nRails.application.load_tasks\n",
      {
        path: '/srv/shop/Rakefile',
        args: ['feeds:pull', 'RAILS_ENV=production'],
        files: {
          '/srv/shop/config/application.rb': '',
          '/srv/shop/lib/tasks/feeds.rake':
            'namespace :feeds do\n  task pull: :environment do\n    File.write("/srv/feeds/#{ENV[\'RAILS_ENV\']}/prices.json", body)\n  end\nend\n',
        },
      },
    );
    assert.deepEqual(keys(x.writes), ['file:/srv/feeds/production/prices.json']);
  });

  it('a cron line: cd DIR && bundle exec rake TASK finds DIR/Rakefile with the task', async () => {
    const ex = await extractCronCommand(
      "/bin/bash -l -c 'cd /srv/app && bundle exec rake reports:nightly --quiet >> /srv/app/log/cron.log 2>&1'",
      { files: { '/srv/app/Rakefile': RAKEFILE } },
    );
    assert.deepEqual(shellKeys(ex).invokes, ['/srv/app/Rakefile reports:nightly']);
    assert.equal(ex.invokes[0]?.language, 'ruby');
    assert.equal(ex.invokes[0]?.cwd, '/srv/app');
  });

  it('rake looks for the Rakefile in the parent directories, as rake does', async () => {
    const ex = await extractCronCommand('cd /srv/app/lib && rake -s reports:purge', {
      files: { '/srv/app/Rakefile': RAKEFILE },
    });
    assert.deepEqual(shellKeys(ex).invokes, ['/srv/app/Rakefile reports:purge']);
  });
});

describe('Ruby: values a backup script decides with', () => {
  const ENV_FILE = "KEEP_MYSQL=true\nKEEP_MONGO=false\nSTAGE='production'\nOUT_DIR=/srv/dumps\n";

  it('.env values decide if/unless; only the branch that runs is mapped', async () => {
    const x = await extractSnippet(
      'ruby',
      "require 'dotenv'\nDotenv.load\ndef on?(key)\n  !ENV[key].nil? && ENV[key].strip.downcase == 'true'\nend\ndef live?\n  return ENV['STAGE'].downcase == 'production'\nend\nif on?('KEEP_MYSQL')\n  `mysqldump --all-databases > #{ENV['OUT_DIR']}/all.sql`\nend\nif on?('KEEP_MONGO')\n  `mongodump --out #{ENV['OUT_DIR']}/mongo`\nend\n`s3cmd put #{ENV['OUT_DIR']}/all.sql s3://dump-bucket/sql/` if live?\n`cp #{ENV['OUT_DIR']}/all.sql /srv/staging/` unless live?\n",
      { path: '/opt/dumps/run.rb', cwd: '/opt/dumps', files: { '/opt/dumps/.env': ENV_FILE } },
    );
    const w = keys(x.writes);
    assert.ok(w.includes('file:/srv/dumps/all.sql'), w.join(' '));
    assert.ok(w.includes('endpoint:s3://dump-bucket/sql/all.sql'), w.join(' '));
    assert.ok(!w.some((k) => k.includes('mongo')), w.join(' '));
    assert.ok(!w.some((k) => k.includes('staging')), w.join(' '));
  });

  it('an undecidable condition maps every branch', async () => {
    const x = await extractSnippet(
      'ruby',
      "if ENV['MISSING_FLAG'] == 'yes'\n  File.write('/srv/a/yes.txt', 'y')\nelse\n  File.write('/srv/a/no.txt', 'n')\nend\n",
      { path: '/opt/dumps/flag.rb' },
    );
    assert.deepEqual(keys(x.writes), ['file:/srv/a/no.txt', 'file:/srv/a/yes.txt']);
  });

  it('arrays built with <<, a literal Dir.glob over the server, split and a negative index', async () => {
    const x = await extractSnippet(
      'ruby',
      "dirs = []\ndirs << '/etc'\ndirs << Dir.glob('/home/**/shared/uploads')\ndirs.flatten!\ndirs.each do |d|\n  name = d.split('/')[-3]\n  `s3cmd sync #{d} s3://site-copies/#{name}/`\nend\n",
      {
        path: '/opt/dumps/dirs.rb',
        files: { '/home/web/shopfront/shared/uploads/a.png': 'x', '/home/web/shopfront/shared/tmp/b': 'y' },
      },
    );
    assert.deepEqual(keys(x.reads), ['file:/etc', 'file:/home/web/shopfront/shared/uploads']);
    assert.ok(
      keys(x.writes).includes('endpoint:s3://site-copies/shopfront/uploads'),
      keys(x.writes).join(' '),
    );
  });

  it("a class of the script's own: Name.new walks initialize with the arguments", async () => {
    const x = await extractSnippet(
      'ruby',
      "require 'logger'\nclass RunLog\n  def initialize(path)\n    @log = Logger.new(path)\n  end\nend\nlog = RunLog.new(\"/var/log/dumps/#{'nightly'}.log\")\n",
      { path: '/opt/dumps/log.rb' },
    );
    assert.deepEqual(keys(x.writes), ['file:/var/log/dumps/nightly.log']);
    // the path reached Logger.new through a parameter
    assert.equal(confidenceOf(x.writes, 'file:/var/log/dumps/nightly.log'), 'resolved');
  });
});
