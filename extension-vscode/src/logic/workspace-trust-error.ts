import { RtGuardError } from '@rt-guard/core';

/**
 * Host-free: thrown when something needs a trusted workspace (calling the Runtype API with the
 * management token, installing the git hook) and VS Code runs this one in Restricted Mode.
 */
export class WorkspaceNotTrustedError extends RtGuardError {
  constructor(what: string) {
    super(
      'E_WORKSPACE_NOT_TRUSTED',
      `${what} needs a trusted workspace; this one is in Restricted Mode. Trust it ("Workspaces: Manage Workspace Trust") if you trust its authors, then try again.`,
    );
    this.name = 'WorkspaceNotTrustedError';
  }
}
