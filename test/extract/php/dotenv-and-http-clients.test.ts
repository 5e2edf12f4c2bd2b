import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractSnippet, keys } from '../../helpers/script.js';

const php = (text: string, files: Record<string, string> = {}) =>
  extractSnippet('php', text, { path: '/opt/sync/job.php', files });

describe('PHP extractor: phpdotenv and an HTTP client with a base URI', () => {
  it('new Dotenv\\Dotenv(__DIR__)->load() reads .env, and getenv() then knows its values', async () => {
    const x = await php(
      "<?php\n$env = new Dotenv\\Dotenv(__DIR__);\n$env->load();\n$src = getenv('SPOOL_DIR') . 'feed.json';\ncopy($src, getenv('KEEP_DIR') . 'feed.json');\n",
      { '/opt/sync/.env': '# paths\nSPOOL_DIR="/var/spool/feed/"\nKEEP_DIR = "/srv/keep/"\nEMPTY=""\n' },
    );
    assert.deepEqual(keys(x.reads), ['file:/opt/sync/.env', 'file:/var/spool/feed/feed.json']);
    assert.deepEqual(keys(x.writes), ['file:/srv/keep/feed.json']);
  });

  it('Dotenv::createImmutable(DIR, NAME)->safeLoad() reads the named file', async () => {
    const x = await php(
      "<?php\nuse Dotenv\\Dotenv;\nDotenv::createImmutable('/etc/sync', 'sync.env')->safeLoad();\nfile_put_contents(getenv('OUT'), 'x');\n",
      { '/etc/sync/sync.env': 'OUT=/srv/out/last.txt\n' },
    );
    assert.deepEqual(keys(x.reads), ['file:/etc/sync/sync.env']);
    assert.deepEqual(keys(x.writes), ['file:/srv/out/last.txt']);
  });

  it('a Guzzle client resolves request paths against base_uri; a POST without a body reads', async () => {
    const x = await php(
      "<?php\n$http = new GuzzleHttp\\Client(['base_uri' => 'http://bot.example.net:8080/app/', 'timeout' => 5]);\n$got = $http->request('POST', '/rpc/fetch', ['query' => ['name' => 'RULES']]);\n$http->request('POST', '/rpc/store', ['form_params' => ['data' => $got]]);\n$http->get('status');\n",
    );
    assert.deepEqual(keys(x.reads), [
      'endpoint:http://bot.example.net:8080/app/status',
      'endpoint:http://bot.example.net:8080/rpc/fetch',
    ]);
    assert.deepEqual(keys(x.writes), ['endpoint:http://bot.example.net:8080/rpc/store']);
  });
});
