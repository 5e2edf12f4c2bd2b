/**
 * The credential-carrying constructs the redaction table covers, each with SECRET where the secret
 * goes. The unit fuzz test plants them in random text; the output test plants them in a server.
 */
import { FLAG_ROWS, SECRET_AFTER_WORDS } from '../../src/util/redact-table.js';

/** Shell commands and assignments: planted on crontab lines and in a shell script. */
export const SHELL_CONSTRUCTS: readonly string[] = [
  'curl -s -H "Authorization: Bearer SECRET" https://api.example.com/v1/x',
  "curl -H 'Authorization: Basic SECRET' https://api.example.com/v1/x",
  'curl -H "Authorization: token SECRET" https://api.example.com/v1/x',
  'wget --header="X-Api-Key: SECRET" https://api.example.com/v1/x',
  'curl -H "Cookie: session=SECRET; theme=dark" https://api.example.com/v1/x',
  'curl --oauth2-bearer SECRET https://api.example.com/v1/x',
  'psql "host=pg01 user=etl password=SECRET dbname=dw"',
  'curl --user=etl:SECRET https://api.example.com/v1/x',
  'curl -u etl:SECRET https://api.example.com/v1/x',
  "mysql -h db01 -u etl -p'SECRET' sales",
  'mysql -h db01 -u etl -p"SECRET" sales',
  'mysql -h db01 -u etl -pSECRET sales',
  'mysqldump --password=SECRET sales',
  'sshpass -p SECRET scp /data/out/x.csv backup01:/in/',
  'sqlcmd -S mssql01 -U sa -P SECRET -Q "SELECT 1"',
  'bcp dbo.orders out /data/out/orders.dat -S mssql01 -U sa -P SECRET -c',
  'redis-cli -h cache01 -a SECRET GET k',
  'rclone copy --s3-secret-access-key SECRET /data/out remote:bucket',
  'smbclient //fs01/share -U etl%SECRET -c "put x"',
  'lftp -u etl,SECRET sftp://files.example.com',
  'sqlplus -s etl/SECRET@//ora01:1521/SALES @/opt/sql/load.sql',
  'PGPASSWORD=SECRET psql -h pg01 dw',
  'export MYSQL_PWD="SECRET"',
  'AWS_SECRET_ACCESS_KEY=SECRET aws s3 cp /data/out/x s3://bucket/x',
  "API_TOKEN='SECRET'",
  'db_pass=SECRET',
  // a signed URL's secret query parameter: an Azure SAS, an AWS presigned URL
  'azcopy copy /data/x.csv "https://acct.blob.core.windows.net/c/x.csv?sv=2022-11-02&sig=SECRET"',
  'curl -o /data/y.csv "https://b.s3.amazonaws.com/y.csv?X-Amz-Expires=60&X-Amz-Signature=SECRET"',
  // an Azure storage account's key, as an option and in a connection string
  'az storage blob upload -c x -n y.csv -f /data/y.csv --account-name acme --account-key SECRET',
  'az storage blob upload -c x -n y.csv -f /data/y.csv --connection-string "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=SECRET;EndpointSuffix=core.windows.net"',
];

/** URLs and connection strings: values (`DB_URL='...'` in shell, string literals in Python). */
export const VALUE_CONSTRUCTS: readonly string[] = [
  'mysql://etl:SECRET@db01:3306/sales',
  'redis://:SECRET@cache01:6379/0',
  'DRIVER={ODBC Driver 18};SERVER=mssql01;UID=sa;PWD=SECRET',
  'jdbc:oracle:thin:etl/SECRET@ora01:1521/SALES',
];

/** Python source lines. */
export const PYTHON_CONSTRUCTS: readonly string[] = [
  'headers = {"Authorization": "Bearer SECRET"}',
  'requests.get(url, auth=("etl", "SECRET"))',
  'requests.get(url, auth=HTTPBasicAuth("etl", "SECRET"))',
  'conn = pymysql.connect(host="db01", user="etl", password="SECRET")',
  'ftp.login("etl", "SECRET")',
  'subprocess.run(["sshpass", "-p", "SECRET", "scp", "a", "b"])',
];

/** Perl source lines. */
export const PERL_CONSTRUCTS: readonly string[] = [
  "my %db = ('password' => 'SECRET');",
  '$ftp->login("etl", "SECRET");',
];

/** SQL statements and session lines (ftp here-documents, .netrc). */
export const SESSION_CONSTRUCTS: readonly string[] = [
  "CREATE USER etl IDENTIFIED BY 'SECRET';",
  "ALTER ROLE etl WITH PASSWORD 'SECRET';",
  'CONNECT etl/SECRET',
  'machine ftp.example.com login etl password SECRET',
];

export const CONSTRUCTS: readonly string[] = [
  ...SHELL_CONSTRUCTS,
  ...VALUE_CONSTRUCTS,
  ...PYTHON_CONSTRUCTS,
  ...PERL_CONSTRUCTS,
  ...SESSION_CONSTRUCTS,
];

/** Every table row's own example is a construct too, so a new row is tested the day it is added. */
export const TABLE_EXAMPLES: readonly string[] = [
  ...FLAG_ROWS.map((r) => r.example),
  ...SECRET_AFTER_WORDS.map((r) => r.example),
];

export const ALL_CONSTRUCTS: readonly string[] = [...CONSTRUCTS, ...TABLE_EXAMPLES];

/** Plant a secret: `SECRET` replaced. */
export function plant(construct: string, secret: string): string {
  return construct.replace(/(?<![A-Z_])SECRET(?![A-Z_])/g, () => secret);
}
