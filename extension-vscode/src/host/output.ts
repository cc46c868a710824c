import { redactText } from '@rt-guard/core';
import type * as vscode from 'vscode';

/** The extension's log: every line passes through `redactText`, whatever the caller hands it. */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** Describes an error for the log or a notification, redacted. Never includes headers or tokens. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return redactText(`${typeof code === 'string' ? `${code}: ` : ''}${error.message}`);
  }
  return redactText(String(error));
}

/** Wraps an OutputChannel. Token-shaped strings are redacted too (a JWT session token is not key-shaped, so never log one). */
export function createLog(channel: vscode.OutputChannel): Log {
  const write = (level: string, message: string) => channel.appendLine(`[${new Date().toISOString()}] ${level} ${redactText(message)}`);
  return {
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error: (message, error) => write('error', error === undefined ? message : `${message}: ${describeError(error)}`),
  };
}
