import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { scanText, severityRank, type FindingWithSecret } from '@rt-guard/core';
import { EXIT, type Io } from '../io.ts';
import type { RegisterCommand } from './index.ts';
import type { SourceResult } from '../sources/types.ts';

/**
 * `rt-guard scan [paths…]`. TEMPORARY minimal version (whole files, text/json only); the full
 * pipeline (config, ignore rules, chunked reads, workers, formats, baseline) replaces it.
 */
export const registerScan: RegisterCommand = (program: Command, io: Io, setExitCode) => {
  program
    .command('scan')
    .description('Scan files, folders or stdin (`-`) for Runtype keys')
    .argument('[paths...]', 'files or folders to scan; `-` reads stdin', ['.'])
    .option('-f, --format <format>', 'text | json', 'text')
    .action(async (paths: string[], options: { format: string }) => {
      const result = await scanPaths(paths, io);
      const active = result.findings.filter((f) => !f.suppressed);
      if (options.format === 'json') {
        io.stdout.write(`${JSON.stringify({ version: 1, findings: active, stats: result.stats }, null, 2)}\n`);
      } else {
        for (const f of active) io.stdout.write(`${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId} ${f.redacted}\n`);
      }
      setExitCode(active.some((f) => severityRank(f.severity) >= severityRank('high')) ? EXIT.findings : EXIT.clean);
    });
};

async function scanPaths(paths: string[], io: Io): Promise<SourceResult> {
  const findings: FindingWithSecret[] = [];
  const stats = { files: 0, bytes: 0, skipped: 0 };
  async function visit(path: string): Promise<void> {
    const info = await stat(path);
    if (info.isDirectory()) {
      for (const name of await readdir(path)) {
        if (name === '.git' || name === 'node_modules') continue;
        await visit(join(path, name));
      }
      return;
    }
    const text = await readFile(path, 'utf8');
    stats.files++;
    stats.bytes += info.size;
    findings.push(...scanText(text, { file: relative(io.cwd, path).split(sep).join('/') }));
  }
  for (const path of paths) await visit(resolve(io.cwd, path));
  return { findings, stats, warnings: [] };
}
