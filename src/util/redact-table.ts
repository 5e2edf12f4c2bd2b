/**
 * The credential-carrying constructs redaction knows, as data. Each row names where a secret sits;
 * `redact.ts` finds them all in one linear pass per rule kind (no backtracking regular expressions
 * over the line: a crontab line of a repeated keyword must not stall a scan run as root).
 */

/** A command-line option whose value (or part of it) is a secret. */
export interface FlagRow {
  /** The option as written: `-p`, `--user`. */
  flag: string;
  /** Only after one of these commands on the same line (basename); absent: after any command. */
  clients?: readonly string[];
  /** `next`: the following argument; `attached`: glued on (`-pX`, `-p'X'`); `equals`: `--flag=X`. */
  forms: ReadonlyArray<'next' | 'attached' | 'equals'>;
  /** `all`: the whole value; `after-sep`: what follows the first `:`, `%` or `,` (user:password). */
  part: 'all' | 'after-sep';
  /** Why this row exists (documentation and the corpus test). */
  example: string;
}

const MYSQL_FAMILY = [
  'mysql',
  'mariadb',
  'mysqldump',
  'mysqlimport',
  'mysqladmin',
  'mysqlshow',
  'mysqlcheck',
];

export const FLAG_ROWS: readonly FlagRow[] = [
  // mysql(1): -pPASSWORD with no space; `-p X` would prompt and X is the database name
  { flag: '-p', forms: ['attached'], part: 'all', example: "mysql -u etl -p'SECRET' sales" },
  {
    flag: '-p',
    clients: ['sshpass'],
    forms: ['next', 'attached'],
    part: 'all',
    example: 'sshpass -p SECRET ssh h',
  },
  {
    flag: '-P',
    clients: ['sqlcmd', 'bcp', 'osql', 'isql'],
    forms: ['next', 'attached'],
    part: 'all',
    example: 'sqlcmd -S db -U sa -P SECRET',
  },
  {
    flag: '-a',
    clients: ['redis-cli', 'keydb-cli'],
    forms: ['next', 'attached'],
    part: 'all',
    example: 'redis-cli -h r1 -a SECRET get k',
  },
  { flag: '-p', clients: MYSQL_FAMILY, forms: ['attached'], part: 'all', example: 'mysqldump -pSECRET db' },
  // MongoDB's tools and shells: `-p X` is the password (its long form `--password` is a key word)
  {
    flag: '-p',
    clients: [
      'mongodump',
      'mongorestore',
      'mongoexport',
      'mongoimport',
      'mongosh',
      'mongo',
      'mongofiles',
      'mongostat',
      'mongotop',
    ],
    forms: ['next', 'attached'],
    part: 'all',
    example: 'mongodump -u admin -p SECRET --db shop',
  },
  // curl -u user:password, wget --user/--password, smbclient -U user%password, lftp -u user,password
  { flag: '-u', forms: ['next', 'attached'], part: 'after-sep', example: 'curl -u etl:SECRET https://x' },
  {
    flag: '--user',
    forms: ['next', 'equals'],
    part: 'after-sep',
    example: 'curl --user=etl:SECRET https://x',
  },
  { flag: '-U', forms: ['next', 'attached'], part: 'after-sep', example: 'smbclient //fs/x -U etl%SECRET' },
  {
    flag: '--proxy-user',
    forms: ['next', 'equals'],
    part: 'after-sep',
    example: 'curl --proxy-user u:SECRET',
  },
  {
    flag: '-E',
    clients: ['curl'],
    forms: ['next'],
    part: 'after-sep',
    example: 'curl -E cert.pem:SECRET https://x',
  },
  {
    flag: '--cert',
    clients: ['curl'],
    forms: ['next', 'equals'],
    part: 'after-sep',
    example: 'curl --cert c.pem:SECRET https://x',
  },
  { flag: '-b', clients: ['curl'], forms: ['next'], part: 'all', example: "curl -b 'sid=SECRET' https://x" },
  {
    flag: '--cookie',
    clients: ['curl'],
    forms: ['next', 'equals'],
    part: 'all',
    example: "curl --cookie 'sid=SECRET' https://x",
  },
  { flag: '-k', clients: ['openssl'], forms: ['next'], part: 'all', example: 'openssl enc -k SECRET' },
  {
    flag: '-passin',
    clients: ['openssl'],
    forms: ['next'],
    part: 'all',
    example: 'openssl rsa -passin pass:SECRET',
  },
];

/**
 * Any long option whose name says secret takes its next argument as the secret
 * (`--password X`, `--oauth2-bearer X`, `--s3-secret-access-key X`); the `=` form is a key=value.
 */
export const SECRET_KEY_WORDS: readonly string[] = [
  'passw',
  'pwd',
  'secret',
  'token',
  'apikey',
  'accesskey',
  // Azure storage: `--account-key X`, `AccountKey=X` in a connection string
  'accountkey',
  'privatekey',
  'credential',
  'bearer',
  'cookie',
  'signature',
  'auth',
];

/** A key holding one of these words names no secret when it ends like this (`password_file`, `auth_url`). */
export const NOT_SECRET_KEY_ENDINGS: readonly string[] = [
  'file',
  'path',
  'dir',
  'url',
  'uri',
  'endpoint',
  'type',
  'method',
  'mode',
  'user',
  'username',
  'name',
  'length',
  'len',
  'policy',
  'expiry',
  'expires',
  'ttl',
  'env',
  'id',
  'or',
  'ors',
  'ority',
  'orized',
  'orize',
];

/** Whole key segments (split at `_`, `-`, `.`) that are secrets on their own: `DB_PASS`, `--pass`, `pw`. */
export const SECRET_KEY_SEGMENTS: readonly string[] = ['pass', 'pw', 'pwd', 'passphrase', 'psk'];

/** HTTP authorization schemes: kept, the credential after them redacted. */
export const AUTH_SCHEMES: readonly string[] = [
  'bearer',
  'basic',
  'token',
  'digest',
  'negotiate',
  'ntlm',
  'aws4-hmac-sha256',
];

/** Keys whose whole value to the end of the header (or string) is a secret. */
export const WHOLE_VALUE_KEYS: readonly string[] = ['cookie', 'set-cookie'];

/** Calls whose second argument is a password: `HTTPBasicAuth("u", "p")`, `ftp.login("u", "p")`. */
export const PAIR_CALLS: readonly string[] = [
  'BasicAuth(',
  'DigestAuth(',
  'ProxyAuth(',
  '.login(',
  '->login(',
];

/**
 * Word sequences after which the next argument is a secret (case-insensitive): netrc `password X`,
 * SQL `IDENTIFIED BY X` and `WITH PASSWORD 'X'`, an ftp session's `PASS X` and `user U X`
 * (`firstOnly`: only as the line's first words, where they are commands and not prose).
 */
export const SECRET_AFTER_WORDS: ReadonlyArray<{
  words: readonly string[];
  firstOnly?: boolean;
  example: string;
}> = [
  { words: ['password'], example: 'machine ftp.example.com login etl password SECRET' },
  { words: ['passwd'], example: 'passwd SECRET' },
  { words: ['identified', 'by'], example: "CREATE USER etl IDENTIFIED BY 'SECRET';" },
  { words: ['pass'], firstOnly: true, example: 'PASS SECRET' },
  { words: ['user', '*'], firstOnly: true, example: 'user etl SECRET' },
];

/** Oracle logons after these words: `sqlplus user/password@db`, `CONNECT user/password`. */
export const LOGON_WORDS: readonly string[] = [
  'sqlplus',
  'connect',
  'conn',
  'exp',
  'imp',
  'expdp',
  'impdp',
  'sqlldr',
  'rman',
];
