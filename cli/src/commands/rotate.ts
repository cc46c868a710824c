import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { Option, type Command } from 'commander';
import {
  escapeControl,
  finishKeyRotation,
  isFinished,
  parseDuration,
  redactKey,
  resumeKeyRotation,
  rollbackKeyRotation,
  startKeyRotation,
  type JournalStore,
  type KeyTarget,
  type RotationJournal,
  type RotationPorts,
  type RotationResult,
  type RuntypeClient,
  type TargetDescription,
} from '@rt-guard/core';
import { createEnvFileTarget, createFileJournalStore, stateDirFrom } from '@rt-guard/core/node';
import { openApiSession } from '../api/client.ts';
import { readKeyInput, requireAdminToken, requireApiKeyShape } from '../api/credentials.ts';
import { openCliCache } from '../api/verification-cache.ts';
import { confirm } from '../prompts.ts';
import { isStdinTty, readAll } from '../read-stdin.ts';
import { CliError, EXIT, type Io } from '../io.ts';
import type { RegisterCommand } from './index.ts';
import { withNextStep } from '../render-next-step.ts';

interface RotateOptions {
  envFile?: string;
  var: string;
  print?: boolean;
  grace?: string;
  emergency?: boolean;
  resume?: boolean;
  finish?: boolean;
  rollback?: boolean;
  yes?: boolean;
  dryRun?: boolean;
  journal?: string;
  format: 'text' | 'json';
}

/**
 * `rt-guard rotate`: zero-downtime rotation (create replacement → write it where the old key
 * lived → verify → revoke old, or keep it for `--grace`), `--emergency` (regenerate), and
 * `--resume`/`--finish`/`--rollback` of an interrupted one, driven by a journal without secrets.
 */
export const registerRotate: RegisterCommand = (program: Command, io: Io, setExitCode) => {
  program
    .command('rotate')
    .description('Replace a key without downtime: create, wire into .env, verify, revoke (needs RUNTYPE_ADMIN_TOKEN: a dashboard session token)')
    .option('--env-file <path>', 'the .env file holding the key; the new key is written there atomically')
    .option('--var <name>', 'variable in the .env file', 'RUNTYPE_API_KEY')
    .option('--print', 'no file: read the old key from stdin/RUNTYPE_API_KEY and print the new key once')
    .option('--grace <duration>', 'keep the old key working this long (e.g. 24h); finish with `rotate --finish`')
    .option('--emergency', 'regenerate instead: the old value dies at once (for a key known to be leaked)')
    .option('--resume', 'continue an interrupted rotation from its journal')
    .option('--finish', 'end the grace period now: revoke the old key')
    .option('--rollback', 'undo an unfinished rotation (after the new key was wired: old key on stdin)')
    .option('--journal <path>', 'journal file (default: in $RT_GUARD_STATE_DIR or ~/.local/state/rt-guard)')
    .option('--dry-run', 'show the plan and change nothing')
    .option('-y, --yes', 'do not ask for confirmation')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: RotateOptions) => {
      const modes = [options.resume, options.finish, options.rollback].filter(Boolean).length;
      if (modes > 1) throw new CliError('choose one of --resume, --finish and --rollback', 'E_USAGE');
      if (options.envFile && options.print) throw new CliError('choose one of --env-file and --print', 'E_USAGE');
      const graceMs = options.grace === undefined ? undefined : parseGrace(options.grace);
      if (graceMs !== undefined && options.emergency)
        throw new CliError('--grace does not apply to --emergency: regenerate kills the old value at once', 'E_USAGE');
      const adminToken = requireAdminToken(io, 'Rotating a key');
      const session = openApiSession(io, 4);
      const log = (line: string) => io.stderr.write(`rt-guard: ${line}\n`);
      try {
        const cache = await openCliCache(io, session.client.baseUrl);
        let result: RotationResult;
        if (modes === 1) {
          const store = await findJournal(options, io);
          const existing = await store.load();
          if (!existing) throw new CliError('No rotation journal found: nothing to resume, finish or roll back.', 'E_NOT_FOUND');
          const ports: RotationPorts = {
            client: session.client,
            managementToken: adminToken,
            journal: store,
            target: targetFrom(existing.target, io, undefined),
            now: () => io.now(),
            log,
            cache,
          };
          if (options.finish) {
            if (!(await confirm(io, escapeControl(`Revoke the old key "${existing.oldName}" ${existing.oldRedacted} now?`), options.yes)))
              return notDone(io, setExitCode);
            result = await finishKeyRotation(ports);
          } else if (options.rollback) {
            const oldKey = isStdinTty(io) ? undefined : (await readAll(io)).trim() || undefined;
            result = await rollbackKeyRotation({ ...ports, oldKey });
          } else {
            result = await resumeKeyRotation(ports);
          }
        } else {
          result = await startRotation(options, io, session.client, adminToken, graceMs, log, cache);
          if (result.status === 'cancelled') return notDone(io, setExitCode);
        }
        if (!result.journal || (result.status !== 'done' && result.status !== 'grace' && result.status !== 'rolled-back')) {
          // Core says what to do next as data; the CLI words it with its own flags.
          throw new CliError(withNextStep(result.error?.message ?? 'The rotation stopped.', result.nextStep), result.error?.code ?? 'E_ROTATION');
        }
        report(result.journal, options, io);
        setExitCode(exitCodeOf(result.journal));
      } finally {
        await session.close();
      }
    });
};

async function startRotation(
  options: RotateOptions,
  io: Io,
  client: RuntypeClient,
  adminToken: string,
  graceMs: number | undefined,
  log: (line: string) => void,
  cache: RotationPorts['cache'],
): Promise<RotationResult> {
  if (!options.envFile && !options.print) throw new CliError('say where the key lives: --env-file <path> (and --var), or --print', 'E_USAGE');
  const description: TargetDescription = options.envFile
    ? { kind: 'env-file', path: resolve(io.cwd, options.envFile), variable: options.var }
    : { kind: 'print' };
  const oldKey = options.print
    ? await readKeyInput(io, 'RUNTYPE_API_KEY')
    : await createEnvFileTarget((description as { path: string }).path, options.var).read();
  if (!oldKey) throw new CliError(`${options.envFile} has no ${options.var}=… line: nothing to rotate.`, 'E_USAGE');
  requireApiKeyShape(oldKey, `${options.var} in ${options.envFile ?? 'stdin'}`);
  const target = targetFrom(description, io, oldKey);
  const store = await journalStoreFor(description, options, io);
  return startKeyRotation(
    {
      oldKey,
      mode: options.emergency ? 'emergency' : 'standard',
      graceMs,
      targetLabel: labelOf(description),
      confirmPlan: async (plan, record) => {
        io.stderr.write(escapeControl(`Plan for "${record.name}" ${redactKey(oldKey)}:\n${plan.steps.map((s, i) => `  ${i + 1}. ${s}`).join('\n')}\n`));
        for (const note of plan.notes) io.stderr.write(`rt-guard: note: ${escapeControl(note.message)}\n`);
        if (options.dryRun) return false;
        return confirm(io, 'Go ahead?', options.yes);
      },
    },
    { client, managementToken: adminToken, journal: store, target, now: () => io.now(), log, cache },
  );
}

function notDone(io: Io, setExitCode: (code: number) => void): void {
  io.stderr.write('Nothing changed.\n');
  setExitCode(EXIT.clean);
}

function report(journal: RotationJournal, options: RotateOptions, io: Io): void {
  if (options.format === 'json') {
    io.stdout.write(`${JSON.stringify(journal, null, 2)}\n`);
    return;
  }
  const where = labelOf(journal.target);
  const text: Record<string, string> = {
    done:
      journal.mode === 'emergency'
        ? `Done: "${journal.oldName}" regenerated; ${where} now holds ${journal.newRedacted}.`
        : `Done: ${where} holds the new key ${journal.newRedacted}; the old key ${journal.oldRedacted} is revoked.`,
    grace: `New key ${journal.newRedacted} is live in ${where}. The old key ${journal.oldRedacted} keeps working until ${journal.graceUntil}: run \`rt-guard rotate --finish\` then.`,
    'rolled-back': `Rolled back: ${where} holds the old key ${journal.oldRedacted}; any new key was revoked.`,
  };
  io.stdout.write(`${text[journal.state] ?? `Rotation is at step "${journal.state}".`}\n`);
}

/** Exit code of a rotation: 0 when it reached a state the user asked for, 2 otherwise (e.g. aborted). */
function exitCodeOf(journal: RotationJournal): number {
  return journal.state === 'done' || journal.state === 'grace' || journal.state === 'rolled-back' ? EXIT.clean : EXIT.error;
}

/** The target a journal names. In print mode, `knownKey` is the old key this process was given. */
function targetFrom(description: TargetDescription, io: Io, knownKey: string | undefined): KeyTarget {
  if (description.kind === 'env-file') return createEnvFileTarget(description.path, description.variable);
  if (description.kind === 'print') {
    let current = knownKey;
    return {
      description,
      read: async () => current,
      async write(key) {
        // The one place a full key is printed, because the user asked for it (--print).
        io.stderr.write('rt-guard: the new key follows on stdout; store it now, it is not shown again.\n');
        io.stdout.write(`${key}\n`);
        current = key;
      },
    };
  }
  throw new CliError(`This rotation was started by another tool (${description.label}); resume it there.`, 'E_USAGE');
}

function labelOf(description: TargetDescription): string {
  if (description.kind === 'env-file') return `${description.path} (${description.variable})`;
  if (description.kind === 'print') return 'the terminal (printed once)';
  return description.label;
}

async function journalStoreFor(description: TargetDescription, options: RotateOptions, io: Io): Promise<JournalStore> {
  if (options.journal) return createFileJournalStore(resolve(io.cwd, options.journal));
  const id = description.kind === 'env-file' ? `env-file:${description.path}:${description.variable}` : description.kind;
  const name = `rotation-${createHash('sha256').update(id).digest('hex').slice(0, 16)}.json`;
  return createFileJournalStore(join(stateDirFrom(io.env), name));
}

/** For --resume/--finish/--rollback: the journal of the given target, else the only unfinished one. */
async function findJournal(options: RotateOptions, io: Io): Promise<JournalStore> {
  if (options.journal || options.envFile || options.print) {
    const description: TargetDescription = options.envFile
      ? { kind: 'env-file', path: resolve(io.cwd, options.envFile), variable: options.var }
      : { kind: 'print' };
    return journalStoreFor(description, options, io);
  }
  const dir = stateDirFrom(io.env);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => /^rotation-[0-9a-f]{16}\.json$/.test(n));
  const open: JournalStore[] = [];
  for (const name of names) {
    const store = createFileJournalStore(join(dir, name));
    const journal = await store.load().catch(() => undefined);
    if (journal && !isFinished(journal.state)) open.push(store);
  }
  if (open.length === 1) return open[0]!;
  if (open.length === 0) throw new CliError('No unfinished rotation found: nothing to resume, finish or roll back.', 'E_NOT_FOUND');
  throw new CliError(`${open.length} unfinished rotations: say which with --env-file (and --var), --print or --journal.`, 'E_USAGE');
}

function parseGrace(text: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new CliError(`--grace: ${(error as Error).message}`, 'E_USAGE');
  }
}
