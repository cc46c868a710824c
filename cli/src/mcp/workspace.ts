import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** A tool was called with input it cannot act on; the message says what to send instead. */
export class McpToolError extends Error {
  readonly code: string;
  constructor(message: string, code = 'E_MCP_INPUT') {
    super(message);
    this.name = 'McpToolError';
    this.code = code;
  }
}

/**
 * Resolves `path` (relative to the workspace, or absolute) to its real path, symlinks resolved,
 * and refuses anything whose real path is outside the workspace: an agent (or a prompt injected
 * into it) must not make the server read ~/.ssh or /etc through `../` or a link.
 */
export function resolveInWorkspace(root: string, path: string): { real: string; relative: string } {
  if (typeof path !== 'string' || path === '' || path.includes('\0'))
    throw new McpToolError('path must be a non-empty file or folder path inside the workspace');
  let real: string;
  try {
    real = realpathSync(resolve(root, path));
  } catch {
    throw new McpToolError(`no such file or folder in the workspace: ${path}`, 'E_MCP_NOT_FOUND');
  }
  const rel = relative(root, real);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new McpToolError(`${path} is outside the workspace (${root}); only files inside it can be scanned`, 'E_MCP_OUTSIDE');
  }
  return { real, relative: rel === '' ? '.' : rel.split(sep).join('/') };
}
