/**
 * Where a script's settings come from: configparser INI files, JSON/YAML documents and dotenv
 * files, when they exist under ROOT (argparse is in argparse.ts).
 */
import { arg, argText, type Call, construct, fileRef, type Handler, readResponse } from '../call.js';
import { HOLE, options, type PyObject, type Str, str, UNKNOWN, type Value } from '../value.js';
import {
  configGet,
  configSection,
  parseData,
  parseEnvFile,
  parseIni,
  readConfigText,
} from './config-files.js';
import { contentOf } from './file-io.js';

type Config = Extract<PyObject, { type: 'config' }>;

const strs = (v: Value | undefined): Str[] =>
  v
    ? options(v).flatMap((o) => (o.k === 'list' ? o.items.flatMap((i) => strs(i)) : o.k === 'str' ? [o] : []))
    : [];

function newConfig(style: Config['style']): Handler {
  return (c) => {
    const interp = c.kwargs.get('interpolation');
    let s = style;
    if (interp?.k === 'none') s = 'raw';
    else if (interp?.k === 'ref' && interp.name.endsWith('ExtendedInterpolation')) s = 'extended';
    return { k: 'obj', obj: { type: 'config', sections: new Map(), style: s } };
  };
}

const configOf = (c: Call): Config | undefined =>
  c.receiver?.k === 'obj' && c.receiver.obj.type === 'config' ? c.receiver.obj : undefined;

function loadIni(c: Call, cfg: Config, path: Str): void {
  if (path.s.includes(HOLE)) return;
  const text = readConfigText(c.interp, path.s);
  if (text === undefined) {
    c.interp.rec.diag(
      c.frame,
      c.node,
      'info',
      'python-config-missing',
      `config file ${path.s} is not under ROOT; its values stay unknown`,
    );
    return;
  }
  parseIni(text, cfg.sections);
}

export const configMethods: Record<string, Handler> = {
  read: (c) => {
    const cfg = configOf(c);
    for (const p of strs(arg(c, 0, 'filenames'))) {
      fileRef(c, 'reads', p, construct(c));
      if (cfg) loadIni(c, cfg, p);
    }
    return UNKNOWN;
  },
  read_file: (c) => {
    const cfg = configOf(c);
    const f = arg(c, 0, 'f');
    if (cfg && f?.k === 'obj' && f.obj.type === 'file') for (const p of strs(f.obj.path)) loadIni(c, cfg, p);
    return UNKNOWN;
  },
  read_string: (c) => {
    const cfg = configOf(c);
    const s = strs(arg(c, 0, 'string'))[0];
    if (cfg && s && !s.s.includes(HOLE)) parseIni(s.s, cfg.sections);
    return UNKNOWN;
  },
  get: (c) => configValue(c),
  getint: (c) => configValue(c),
  getfloat: (c) => configValue(c),
  getboolean: (c) => configValue(c),
  items: (c) => {
    const cfg = configOf(c);
    const section = argText(c, 0, 'section');
    if (!cfg || !section) return UNKNOWN;
    const d = configSection(cfg, section);
    return d.k === 'dict'
      ? { k: 'list', items: [...d.entries].map(([k, v]) => ({ k: 'list', items: [str(k), v] })) }
      : UNKNOWN;
  },
  sections: (c) => {
    const cfg = configOf(c);
    return cfg
      ? { k: 'list', items: [...cfg.sections.keys()].filter((s) => s !== 'DEFAULT').map((s) => str(s, true)) }
      : UNKNOWN;
  },
};

function configValue(c: Call): Value {
  const cfg = configOf(c);
  const section = argText(c, 0, 'section');
  const option = argText(c, 1, 'option');
  const fallback = c.kwargs.get('fallback');
  if (!cfg || section === undefined || option === undefined) return fallback ?? str(HOLE, true);
  const raw = c.kwargs.get('raw')?.k === 'bool' && (c.kwargs.get('raw') as { b: boolean }).b;
  const v = configGet(cfg, section, option, raw);
  if (v === undefined) return fallback ?? str(HOLE, true);
  if (c.name === 'getint' || c.name === 'getfloat')
    return Number.isFinite(Number(v)) ? { k: 'num', n: Number(v) } : UNKNOWN;
  if (c.name === 'getboolean') return { k: 'bool', b: /^(1|yes|true|on)$/i.test(v.trim()) };
  return str(v, true);
}

function loadDocument(yaml: boolean): Handler {
  return (c) => {
    const src = arg(c, 0, 'fp', 'stream', 's');
    if (readResponse(c, src)) return UNKNOWN;
    const text =
      src?.k === 'obj' && src.obj.type === 'file'
        ? contentOf(c, src.obj.path)
        : src?.k === 'str'
          ? src
          : undefined;
    if (text?.k !== 'str' || text.s.includes(HOLE)) return UNKNOWN;
    return parseData(text.s, yaml);
  };
}

/**
 * python-dotenv's find_dotenv(): without a path, `.env` in the calling file's directory or the
 * nearest parent that has one.
 */
function findDotenv(c: Call): string {
  let dir = c.frame.module.dir;
  for (let i = 0; i < 12; i++) {
    const candidate = `${dir === '/' ? '' : dir}/.env`;
    if (readConfigText(c.interp, candidate) !== undefined || dir === '/') return candidate;
    dir = dir.slice(0, dir.lastIndexOf('/')) || '/';
  }
  return `${c.frame.module.dir}/.env`;
}

const loadDotenv: Handler = (c) => {
  const given = strs(arg(c, 0, 'dotenv_path'))[0];
  const path = given?.s ?? findDotenv(c);
  const text = readConfigText(c.interp, path);
  if (text === undefined) return { k: 'bool', b: false };
  fileRef(c, 'reads', given ?? str(path, true), construct(c));
  const override = c.kwargs.get('override')?.k === 'bool' && (c.kwargs.get('override') as { b: boolean }).b;
  for (const [k, v] of Object.entries(parseEnvFile(text)))
    if (override || c.interp.env[k] === undefined) c.interp.env[k] = v;
  return { k: 'bool', b: true };
};

export const configCalls: Record<string, Handler> = {
  'configparser.ConfigParser': newConfig('basic'),
  'configparser.SafeConfigParser': newConfig('basic'),
  'configparser.RawConfigParser': newConfig('raw'),
  'ConfigParser.ConfigParser': newConfig('basic'),
  'ConfigParser.SafeConfigParser': newConfig('basic'),
  'ConfigParser.RawConfigParser': newConfig('raw'),
  'configparser.ExtendedInterpolation': () => ({ k: 'ref', name: 'configparser.ExtendedInterpolation' }),
  'json.load': loadDocument(false),
  'json.loads': loadDocument(false),
  'yaml.safe_load': loadDocument(true),
  'yaml.load': loadDocument(true),
  'yaml.full_load': loadDocument(true),
  'yaml.unsafe_load': loadDocument(true),
  'dotenv.load_dotenv': loadDotenv,
  'dotenv.dotenv_values': (c) => {
    const p = strs(arg(c, 0, 'dotenv_path'))[0];
    const text = p ? readConfigText(c.interp, p.s) : undefined;
    if (!text) return UNKNOWN;
    const entries = new Map<string, Value>();
    for (const [k, v] of Object.entries(parseEnvFile(text))) entries.set(k, str(v, true));
    return { k: 'dict', entries };
  },
};
