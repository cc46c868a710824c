import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createBaseline, formatBaseline, redactText } from '@rt-guard/core';
import { CliError, EXIT, type Io } from '../io.ts';
import type { RegisterCommand } from './index.ts';
import { collectFindings } from '../collect-findings.ts';

/** Where `rt-guard baseline` writes when no `-o` is given. */
export const BASELINE_FILE_NAME = '.rt-guard-baseline.json';

/**
 * `rt-guard baseline [paths…] [-o FILE]`: records the fingerprints of the keys found now (after
 * inline comments and the allowlist), so `scan --baseline FILE` reports only new ones. The file
 * holds no keys, no line numbers and no timestamps, sorted, so it does not merge-conflict.
 */
export const registerBaseline: RegisterCommand = (program: Command, io: Io, setExitCode) => {
  program
    .command('baseline')
    .description('Record the keys found now, so `scan --baseline FILE` reports only new ones')
    .argument('[paths...]', 'files or folders to scan; `-` reads stdin', ['.'])
    .option('-o, --output <file>', `baseline file to write; \`-\` prints it (default: ${BASELINE_FILE_NAME})`)
    .option('-c, --config <file>', 'config file (default: .rt-guard.json at the repository root)')
    .action(async (paths: string[], options: { output?: string; config?: string }) => {
      const { result, warnings } = await collectFindings(paths, options.config === undefined ? {} : { config: options.config }, io);
      const active = result.findings.filter((f) => !f.suppressed);
      const baseline = createBaseline(active);
      const text = formatBaseline(baseline);
      for (const warning of warnings) io.stderr.write(`rt-guard: warning: ${redactText(warning)}\n`);
      const output = options.output ?? BASELINE_FILE_NAME;
      if (output === '-') {
        io.stdout.write(text);
      } else {
        try {
          writeFileSync(resolve(io.cwd, output), text);
        } catch (error) {
          throw new CliError(`cannot write ${output} (${(error as { code?: string }).code ?? 'error'}): check the -o path`, 'E_OUTPUT');
        }
        io.stderr.write(
          `rt-guard: wrote ${baseline.fingerprints.length} fingerprint(s) to ${output}; commit it and run \`rt-guard scan --baseline ${output}\`\n`,
        );
      }
      setExitCode(EXIT.clean);
    });
};
