/**
 * Entry point of dist/agent-hook.js: what installed agent hooks run (`rt-guard agent hook`
 * without commander and the other commands), so a hook run costs about one Node start. It shares
 * the CLI's chunks; the API client loads only when a leaked key is verified.
 */
import * as nodeModule from 'node:module';
import { processIo, settle } from '../process-io.ts';
import { runAgentHook } from './run-hook.ts';

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const argv = process.argv.slice(2);
settle(runAgentHook(processIo(), argv.includes('--cursor') ? 'cursor' : argv.includes('--claude-code') ? 'claude-code' : undefined));
