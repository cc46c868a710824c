/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('smoke', () => {
  it('activates the extension', async () => {
    const extension = vscode.extensions.getExtension('rt-guard.rt-guard-vscode');
    assert.ok(extension, 'extension present');
    await extension.activate();
    assert.ok(extension.isActive);
  });
});
