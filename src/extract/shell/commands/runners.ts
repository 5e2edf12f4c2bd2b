/**
 * Programs that run an application file: `java -jar APP.jar ARGS`, `spark-submit [OPTIONS] APP
 * ARGS` (also Cloudera's `spark2-submit`) and `gcloud dataproc jobs submit pyspark MAIN.py`. A
 * `.py` application is a Python script, run with its arguments (PySpark jobs); a `.jar` is a
 * program dfmap cannot read: the job runs it, and what it reads and writes stays unknown.
 */
import type { Language } from '../../types.js';
import { parseOptions } from '../options.js';
import type { Value } from '../value.js';
import { emitScript } from './interpreters.js';
import type { CommandCall, CommandResolver } from './types.js';

const languageOf = (app: string): Language => (/\.py$/i.test(app) ? 'python' : 'unknown');

/** `java [OPTIONS] -jar APP.jar ARGS` (a class name with `-cp` names no file: nothing to follow). */
function java(call: CommandCall): void {
  const args = call.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const t = (args[i] as Value).text;
    if (t === '-jar') {
      const app = args[i + 1];
      if (app) emitScript(call, call.name, 'unknown', app, args.slice(i + 2));
      return;
    }
    if (t === '-cp' || t === '-classpath' || t === '--class-path' || t === '-p' || t === '--module-path') i++;
    else if (!t.startsWith('-')) return;
  }
}

const SPARK_VALUED = [
  'master',
  'deploy-mode',
  'class',
  'name',
  'jars',
  'packages',
  'exclude-packages',
  'repositories',
  'py-files',
  'files',
  'archives',
  'conf',
  'properties-file',
  'driver-memory',
  'driver-java-options',
  'driver-library-path',
  'driver-class-path',
  'driver-cores',
  'executor-memory',
  'executor-cores',
  'total-executor-cores',
  'num-executors',
  'queue',
  'principal',
  'keytab',
  'proxy-user',
];

/** `spark-submit [OPTIONS] APP [ARGS]`: the application (the first operand) runs with ARGS. */
function sparkSubmit(call: CommandCall): void {
  const args = call.argv.slice(1);
  const p = parseOptions(args, { short: 'c', long: SPARK_VALUED });
  const app = p.operands[0];
  if (!app) return;
  // the application's own arguments follow it as they were written (options among them too)
  const at = args.indexOf(app);
  emitScript(call, call.name, languageOf(app.text), app, args.slice(at + 1));
}

/** `gcloud dataproc jobs submit pyspark [OPTIONS] MAIN.py [-- ARGS]`: a local MAIN is a Python script. */
function gcloud(call: CommandCall): void {
  const words = call.argv.slice(1).map((a) => a.text);
  if (words.slice(0, 4).join(' ') !== 'dataproc jobs submit pyspark') return;
  const rest = call.argv.slice(5);
  const dashes = rest.findIndex((a) => a.text === '--');
  const before = dashes < 0 ? rest : rest.slice(0, dashes);
  // its options are written `--name=value`: the first other word is the main file
  const main = before.find((a) => !a.text.startsWith('-'));
  if (!main || /^[a-z][\w+.-]*:\/\//i.test(main.text)) return;
  emitScript(call, 'gcloud dataproc', 'python', main, dashes < 0 ? [] : rest.slice(dashes + 1));
}

export const runnerCommands: CommandResolver = {
  id: 'runners',
  title: 'Application runners: java -jar, spark-submit, gcloud dataproc jobs submit pyspark',
  emits: ['invokes'],
  commands: {
    java,
    'spark-submit': sparkSubmit,
    'spark2-submit': sparkSubmit,
    'spark3-submit': sparkSubmit,
    gcloud,
  },
};
