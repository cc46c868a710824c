/**
 * Entry point of dist/agent-hook.cjs: what installed agent hooks run (`rt-guard agent hook`
 * without commander and the other commands), so a hook run costs about one Node start. One
 * CommonJS file (build.mjs); the config parser and the API client load only when needed, and
 * stdin, stdout and stderr are used through plain fs calls (`directIo`), not streams.
 */
import * as nodeModule from 'node:module';
import { directIo, readAllStdin, settle } from '../process-io.ts';
import { runAgentHook } from './run-hook.ts';

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const argv = process.argv.slice(2);
settle(runAgentHook(directIo(), argv.includes('--cursor') ? 'cursor' : argv.includes('--claude-code') ? 'claude-code' : undefined, readAllStdin));
