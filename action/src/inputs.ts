import { REPORT_FORMATS, SEVERITIES, type ReportFormat, type Severity } from '@rt-guard/core';
import { CliError } from '../../cli/src/io.ts';

/** The action's inputs (action.yml), validated. */
export interface ActionInputs {
  /** Scan every commit of every ref instead of the push's or pull request's commits. */
  fullHistory: boolean;
  /** Files and folders to scan instead of commits; empty: scan commits. */
  paths: string[];
  /** The report printed to the step's log. */
  format: ReportFormat;
  /** Lowest severity that fails the step; undefined: the config's failOn, else high. */
  failOn?: Severity;
  /** Where the SARIF report goes (workspace-relative); undefined: no SARIF file. */
  sarifFile?: string;
  /** Ask the Runtype API whether each found key is live (RUNTYPE_ADMIN_TOKEN from env). */
  verify: boolean;
  baseline?: string;
  config?: string;
}

/** The runner passes input `fail-on` as INPUT_FAIL-ON: upper-cased, spaces to `_`, hyphens kept. */
export function getInput(env: Record<string, string | undefined>, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Reads and checks every input; a bad one is a CliError that names it and its allowed values. */
export function readInputs(env: Record<string, string | undefined>): ActionInputs {
  const format = getInput(env, 'format') || 'text';
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw invalid('format', format, REPORT_FORMATS.join(', '));
  const failOn = getInput(env, 'fail-on');
  if (failOn !== '' && !(SEVERITIES as readonly string[]).includes(failOn)) throw invalid('fail-on', failOn, SEVERITIES.join(', '));
  const paths = getInput(env, 'paths')
    .split('\n')
    .map((path) => path.trim())
    .filter((path) => path !== '');
  const fullHistory = readBoolean(env, 'full-history');
  if (fullHistory && paths.length > 0) throw new CliError('inputs `full-history` and `paths` exclude each other: set one of them');
  const sarifFile = getInput(env, 'sarif-file');
  const baseline = getInput(env, 'baseline');
  const config = getInput(env, 'config');
  return {
    fullHistory,
    paths,
    format: format as ReportFormat,
    ...(failOn === '' ? {} : { failOn: failOn as Severity }),
    ...(sarifFile === '' ? {} : { sarifFile }),
    verify: readBoolean(env, 'verify'),
    ...(baseline === '' ? {} : { baseline }),
    ...(config === '' ? {} : { config }),
  };
}

// YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts them.
function readBoolean(env: Record<string, string | undefined>, name: string): boolean {
  const value = getInput(env, name);
  if (value === '' || ['false', 'False', 'FALSE'].includes(value)) return false;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  throw invalid(name, value, 'true, false');
}

function invalid(name: string, value: string, allowed: string): CliError {
  return new CliError(`input \`${name}\` is "${value}": expected one of ${allowed}`, 'E_USAGE');
}
