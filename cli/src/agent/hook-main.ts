/**
 * Entry point of dist/agent-hook.cjs: what installed agent hooks run (`rt-guard agent hook`
 * without the rest of the CLI). One small CommonJS bundle, so a hook run costs about one Node
 * start; the API client inside is evaluated only when a leaked key is verified.
 */
import * as nodeModule from 'node:module';
import { processIo, settle } from '../process-io.ts';
import { runAgentHook } from './run-hook.ts';

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const argv = process.argv.slice(2);
settle(runAgentHook(processIo(), argv.includes('--cursor') ? 'cursor' : argv.includes('--claude-code') ? 'claude-code' : undefined));
