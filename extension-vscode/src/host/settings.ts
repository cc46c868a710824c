import * as vscode from 'vscode';
import { parseSettings, selectSettingValues, type Settings } from '../logic/settings-schema.ts';

/**
 * Reads and validates `rtGuard.*`; invalid values fall back to defaults and are reported in `warnings`.
 * Where the API lives is read from user settings only, and `verifyOnOpen` only in a trusted workspace.
 */
export function readSettings(scope?: vscode.ConfigurationScope): { settings: Settings; warnings: string[] } {
  const config = vscode.workspace.getConfiguration('rtGuard', scope);
  return parseSettings(selectSettingValues({ get: (name) => config.get(name), inspect: (name) => config.inspect(name) }, vscode.workspace.isTrusted));
}
