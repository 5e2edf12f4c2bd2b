import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractSnippet, extractText, reads, writes } from './helpers.js';

test('HTTP GET reads an endpoint, POST/PUT/PATCH write one, query strings are dropped', async () => {
  const x = await extractSnippet('http');
  assert.deepEqual(reads(x), [
    'endpoint:https://api.example.com/v1/rates',
    'endpoint:https://feeds.example.net/prices.xml',
    'endpoint:https://files.example.net/dump.zip',
    'endpoint:https://hr.example.com/api/people',
    'endpoint:https://partner.example.org/export/stock.csv',
    'file:/data/out/upload.csv',
  ]);
  assert.deepEqual(writes(x), [
    'endpoint:https://api.example.com/v1/items/42',
    'endpoint:https://api.example.com/v1/items/43',
    'endpoint:https://api.example.com/v1/uploads',
    'endpoint:https://hooks.example.net/notify',
    'endpoint:https://hr.example.com/api/timesheets',
    'file:/data/in/dump.zip',
  ]);
});

test('boto3 S3 client and resource downloads read s3://bucket/key and uploads write it', async () => {
  const x = await extractSnippet('s3');
  assert.deepEqual(reads(x), [
    'endpoint:s3://acme-data/in/orders.csv',
    'endpoint:s3://acme-ml/models/churn.pkl',
    'endpoint:s3://acme-ref/fx/latest.json',
    'file:/data/out/archive.tar.gz',
    'file:/data/out/report.pdf',
  ]);
  assert.deepEqual(writes(x), [
    'endpoint:s3://acme-archive/2024/archive.tar.gz',
    'endpoint:s3://acme-data/reports/daily/report.pdf',
    'endpoint:s3://acme-data/status/done.txt',
    'file:/data/in/orders.csv',
    'file:/data/models/churn.pkl',
  ]);
});

test('SFTP get/put (paramiko, pysftp), FTP RETR/STOR and SMTP name their remote host, never the user', async () => {
  const x = await extractSnippet('remote-transfer');
  assert.deepEqual(reads(x), [
    'endpoint:ftp://ftp.legacy.example.local/export/erp.csv',
    'endpoint:sftp://files.vendor.example.net/drop/stock.xml',
    'endpoint:sftp://sftp.partner.example.com/outbound/orders.csv',
    'file:/data/out/ack.txt',
    'file:/data/out/db.dump',
    'file:/data/out/invoices.csv',
  ]);
  assert.deepEqual(writes(x), [
    'endpoint:ftp://ftp.legacy.example.local/export/ack.txt',
    'endpoint:sftp://backup01.example.local/backups/db.dump',
    'endpoint:sftp://sftp.partner.example.com/inbound/invoices.csv',
    'endpoint:smtp://mail.example.local',
    'file:/data/in/erp.csv',
    'file:/data/in/partner_orders.csv',
    'file:/data/in/stock.xml',
  ]);
  assert.doesNotMatch(JSON.stringify(x), /changeme/);
});

test('Google Cloud Storage: a blob of a bucket of a client is gs://bucket/name; uploads read the file, downloads write it', async () => {
  const x = await extractText(
    [
      'from google.cloud import storage',
      'client = storage.Client()',
      "bucket = client.bucket('acme-data')",
      "bucket.blob('exports/sales.xlsx').upload_from_filename('/data/out/sales.xlsx')",
      "bucket.blob('ref/rates.csv').download_to_filename('/data/in/rates.csv')",
      "logs = storage.Client.from_service_account_json('/etc/gcp/key.json').get_bucket('acme-logs')",
      "text = logs.get_blob('daily/summary.txt').download_as_text()",
      "storage.Blob('raw/x.json', logs).upload_from_string('{}')",
    ].join('\n'),
  );
  assert.deepEqual(reads(x), [
    'endpoint:gs://acme-data/ref/rates.csv',
    'endpoint:gs://acme-logs/daily/summary.txt',
    'file:/data/out/sales.xlsx',
  ]);
  assert.deepEqual(writes(x), [
    'endpoint:gs://acme-data/exports/sales.xlsx',
    'endpoint:gs://acme-logs/raw/x.json',
    'file:/data/in/rates.csv',
  ]);
  // the service account's key is a credential, not data
  assert.ok(!reads(x).includes('file:/etc/gcp/key.json'));
});
