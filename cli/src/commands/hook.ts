import type { Command } from 'commander';
import { isFailing, redactText } from '@rt-guard/core';
import { installHooks, uninstallHooks, type HookName } from '@rt-guard/core/node';
import { formatBlockMessage, formatCheckFailedMessage, type BlockedAction } from '../git/block-message.ts';
import { CliError, EXIT, type Io } from '../io.ts';
import { collectFindings } from '../collect-findings.ts';
import type { RegisterCommand } from './index.ts';

/**
 * `rt-guard hook install|uninstall|run`. `install` writes hooks that call `hook run`, which scans
 * exactly what is being committed or pushed, applies the project's config, and blocks with advice.
 */
export const registerHook: RegisterCommand = (program: Command, io: Io, setExitCode) => {
  const hook = program.command('hook').description('Install or remove git hooks that block commits and pushes adding Runtype keys');

  hook
    .command('install')
    .description('Install the pre-commit hook (default) and/or the pre-push hook; an existing hook keeps running')
    .option('--pre-commit', 'install the pre-commit hook (scans the staged changes)')
    .option('--pre-push', 'install the pre-push hook (scans the commits being pushed)')
    .action(async (options: { preCommit?: boolean; prePush?: boolean }) => {
      const hooks: HookName[] = [];
      if (options.preCommit || !options.prePush) hooks.push('pre-commit');
      if (options.prePush) hooks.push('pre-push');
      if (!io.self || io.self.length === 0) {
        throw new CliError('cannot tell how this rt-guard was started, so the hook could not call it: run the installed `rt-guard` binary');
      }
      const result = await installHooks({ cwd: io.cwd, hooks, command: io.self, env: io.env });
      for (const installed of result.installed) {
        const chained = installed.chainedTo ? `; the existing hook now lives at ${installed.chainedTo} and still runs after the check` : '';
        io.stdout.write(`Installed the ${installed.hook} hook: ${installed.path}${chained}\n`);
      }
      io.stdout.write(`The hook runs: ${io.self.join(' ')}. Remove it with \`rt-guard hook uninstall\`.\n`);
      setExitCode(EXIT.clean);
    });

  hook
    .command('uninstall')
    .description("Remove rt-guard's hooks and put back the hooks they chained to")
    .action(async () => {
      const result = await uninstallHooks({ cwd: io.cwd, env: io.env });
      if (result.removed.length === 0) io.stdout.write(`No rt-guard hook is installed in ${result.hooksDir}: nothing to do.\n`);
      for (const removed of result.removed) {
        io.stdout.write(`Removed the ${removed.hook} hook${removed.restored ? ' and restored the hook it chained to' : ''}: ${removed.path}\n`);
      }
      setExitCode(EXIT.clean);
    });

  hook
    .command('run')
    .description('What an installed hook runs: check the staged changes (pre-commit) or the pushed commits (pre-push, refs on stdin)')
    .argument('<hook>', 'pre-commit | pre-push')
    .argument('[hookArgs...]', "git's own hook arguments (ignored)")
    .action(async (name: string) => {
      if (name !== 'pre-commit' && name !== 'pre-push') throw new CliError(`unknown hook "${name}": expected pre-commit or pre-push`, 'E_USAGE');
      setExitCode(await runHook(name, io));
    });
};

async function runHook(name: HookName, io: Io): Promise<number> {
  const action: BlockedAction = name === 'pre-commit' ? 'commit' : 'push';
  try {
    const { result, config, warnings } = await collectFindings(['.'], name === 'pre-commit' ? { staged: true } : { prePush: true }, io);
    for (const warning of warnings) io.stderr.write(`rt-guard: warning: ${redactText(warning)}\n`);
    const failing = result.findings.filter((finding) => isFailing(finding, config));
    if (failing.length === 0) return EXIT.clean;
    io.stderr.write(formatBlockMessage(failing, action));
    return EXIT.findings;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`rt-guard: ${redactText(message)}\n${formatCheckFailedMessage(action)}`);
    return EXIT.error;
  }
}
