import { RtGuardError } from '../errors.ts';

/**
 * The config file is not valid JSON or does not match the schema. `problems` lists every problem
 * (not just the first), each one naming the field path, so a user fixes them all in one go.
 */
export class ConfigError extends RtGuardError {
  readonly fileName: string;
  readonly problems: readonly string[];
  constructor(fileName: string, problems: readonly string[]) {
    const list = problems.map((problem) => `  - ${problem}`).join('\n');
    super('E_CONFIG_INVALID', `${fileName} is invalid:\n${list}`);
    this.fileName = fileName;
    this.problems = problems;
  }
}
