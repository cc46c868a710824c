import type { Command } from 'commander';
import type { Io } from '../io.ts';
import { registerScan } from './scan.ts';
import { registerBaseline } from './baseline.ts';
import { registerHook } from './hook.ts';
import { registerInspect } from './inspect.ts';
import { registerRevoke } from './revoke.ts';
import { registerRotate } from './rotate.ts';
import { registerKeys } from './keys.ts';
import { registerDoctor } from './doctor.ts';
import { registerAgent } from './agent.ts';
import { registerMcp } from './agent-mcp.ts';

/** Adds one subcommand to `program`; the action calls `setExitCode` with its result. */
export type RegisterCommand = (program: Command, io: Io, setExitCode: (code: number) => void) => void;

/** Every subcommand, in `--help` order. Add a command: write commands/<name>.ts, list it here. */
export const commands: RegisterCommand[] = [
  registerScan,
  registerBaseline,
  registerHook,
  registerInspect,
  registerRevoke,
  registerRotate,
  registerKeys,
  registerDoctor,
  registerAgent,
  registerMcp,
];
