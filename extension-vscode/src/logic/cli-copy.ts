import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const STAMP = '.rt-guard-cli-version';

/**
 * Host-free: copies the extension's own CLI (`<extension>/dist/cli`) to `target` (the extension's
 * global storage), once per extension version, and returns the `bin.cjs` a git hook records. A
 * stable place: the extension's own folder changes with every update, which would break hooks.
 * The copy is made beside `target` and renamed into place, so a hook never sees half a CLI.
 */
export function installCliCopy(source: string, target: string, version: string): string {
  const bin = join(target, 'bin.cjs');
  if (existsSync(bin) && readStamp(target) === version) return bin;
  if (!existsSync(join(source, 'bin.cjs'))) throw new Error(`the extension's CLI is missing from ${source}: reinstall the extension`);
  mkdirSync(dirname(target), { recursive: true });
  const staging = `${target}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  cpSync(source, staging, { recursive: true });
  writeFileSync(join(staging, STAMP), version);
  const previous = `${target}.previous-${process.pid}`;
  if (existsSync(target)) renameSync(target, previous);
  renameSync(staging, target);
  rmSync(previous, { recursive: true, force: true });
  return bin;
}

/** Refreshes an existing copy (hooks installed earlier run it) after an extension update; no-op otherwise. */
export function refreshCliCopy(source: string, target: string, version: string): void {
  if (existsSync(join(target, 'bin.cjs')) && readStamp(target) !== version) installCliCopy(source, target, version);
}

function readStamp(dir: string): string | undefined {
  try {
    return readFileSync(join(dir, STAMP), 'utf8');
  } catch {
    return undefined;
  }
}
