import * as vscode from 'vscode';
import { parseSettings, type Settings } from './settings-schema.ts';

/** Reads and validates `rtGuard.*`; invalid values fall back to defaults and are reported in `warnings`. */
export function readSettings(scope?: vscode.ConfigurationScope): { settings: Settings; warnings: string[] } {
  const config = vscode.workspace.getConfiguration('rtGuard', scope);
  return parseSettings({
    apiBaseUrl: config.get('apiBaseUrl'),
    envVarName: config.get('envVarName'),
    severityOverrides: config.get('severityOverrides'),
    verifyOnOpen: config.get('verifyOnOpen'),
    exclude: config.get('exclude'),
  });
}
