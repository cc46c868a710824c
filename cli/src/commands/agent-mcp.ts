import type { Command } from 'commander';
import type { Io } from '../io.ts';
import type { RegisterCommand } from './index.ts';

/**
 * `rt-guard mcp`: an MCP server over stdio with the tools scan, inspect, revoke and rotate. Agents
 * name keys by fingerprint and file, never by value. Loaded lazily: the MCP SDK is large, and
 * `scan --staged` on every commit must not pay for it.
 */
export const registerMcp: RegisterCommand = (program: Command, io: Io, setExitCode) => {
  program
    .command('mcp')
    .description('Run an MCP server (stdio) with the tools scan, inspect, revoke and rotate, for AI agents')
    .option('--root <dir>', 'the workspace: tools only read files inside it (default: the current folder)')
    .action(async (options: { root?: string }) => {
      const { runMcpServer } = await import('../mcp/server.ts');
      setExitCode(await runMcpServer(io, options.root));
    });
};
