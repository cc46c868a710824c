import {
  finishKeyRotation,
  isFinished,
  startKeyRotation,
  type FindingWithSecret,
  type RotationPorts,
  type RotationResult,
  type JournalStore,
  type KeyTarget,
  type RotationJournal,
} from '@rt-guard/core';
import * as vscode from 'vscode';
import { assertSafeKeyFiles } from '../logic/key-file-guard.ts';
import type { EditorKeyService } from '../logic/key-service.ts';
import { isReachedThroughLink } from '../logic/linked-path.ts';
import type { Log } from './output.ts';
import { withNextStepText } from '../logic/next-step-text.ts';
import type { Prompts } from './prompts.ts';
import { planRotationEdits, type RotationFile } from '../logic/rotation-edits.ts';
import { JOURNAL_PREFIX, pendingRotations } from '../logic/rotation-journals.ts';

/** The old key stays valid this long if the user does not revoke it at the end of the rotation. */
const GRACE_MS = 7 * 24 * 60 * 60 * 1000;
const WORKSPACE_EXCLUDE = '{**/node_modules/**,**/.git/**}';

/**
 * "Finish a key rotation": revokes the old key of a rotation left in its grace period, and proves
 * it with a fresh verification (core's finishRotation). The old key is no longer in the workspace
 * (the rotation replaced it), so the journal is the only handle on it; it holds no key.
 */
export async function finishPendingRotation(options: {
  memento: vscode.Memento;
  keys: EditorKeyService;
  token: () => Promise<string | undefined>;
  prompts: Prompts;
  log: Log;
}): Promise<RotationJournal | undefined> {
  const pending = pendingRotations(options.memento);
  if (pending.length === 0) {
    void vscode.window.showInformationMessage('rt-guard: no rotation is waiting for its old key to be revoked.');
    return undefined;
  }
  const items = pending.map((journal) => ({
    label: `${journal.oldRedacted} → ${journal.newRedacted ?? 'new key'}`,
    description: journal.oldName,
    ...(journal.graceUntil ? { detail: `old key valid until ${journal.graceUntil.slice(0, 10)} unless revoked now` } : {}),
    journal,
  }));
  const picked = items.length === 1 ? items[0] : await options.prompts.pick(items, { title: 'Revoke the old key of which rotation?' });
  if (!picked) return undefined;
  const { journal } = picked;
  const isSure = await options.prompts.confirm(
    `Revoke the old key ${journal.oldRedacted} ("${journal.oldName}") now?`,
    `Its replacement ${journal.newRedacted ?? ''} is wired. Revoke when nothing else (CI secrets, servers, teammates' .env files) still uses the old key.`,
    'Revoke old key',
  );
  if (!isSure) return undefined;
  const token = await options.token();
  if (!token) return undefined;
  const ports: RotationPorts = {
    client: options.keys.client(),
    managementToken: token,
    cache: options.keys.cache,
    journal: createJournalStore(options.memento, journal.oldFingerprint),
    // Revoking the old key never writes a key anywhere.
    target: {
      description: journal.target,
      read: () => Promise.resolve(undefined),
      write: () => Promise.reject(new Error('finishing a rotation writes no key')),
    },
    now: () => new Date(),
    log: (line: string) => options.log.info(line),
  };
  const done = journalOf(
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Revoking ${journal.oldRedacted}` }, () =>
      finishKeyRotation(ports),
    ),
  );
  options.log.info(`rotation of ${journal.oldRedacted} finished: ${done.state}`);
  return done;
}

/**
 * Rotation state per old key, in the workspace's extension storage (`context.workspaceState`).
 * Journals hold fingerprints and redacted forms only, never a key.
 */
export function createJournalStore(memento: vscode.Memento, oldFingerprint: string): JournalStore {
  const key = `${JOURNAL_PREFIX}${oldFingerprint}`;
  return {
    load: () => Promise.resolve(memento.get<RotationJournal>(key)),
    save: (journal) => Promise.resolve(memento.update(key, journal)),
  };
}

/**
 * Where a rotated key is wired from the editor's point of view: the folder's git-ignored `.env`,
 * under the configured name. Every file of the workspace that holds the old key (open or not) gets
 * an environment-variable read instead, so the new key never lands where the old one leaked
 * (issue 10; see rotation-edits.ts). One WorkspaceEdit makes all changes, then each is saved.
 */
export function createWorkspaceTarget(folder: vscode.WorkspaceFolder, oldKey: string, envVarName: string): KeyTarget {
  let wired = oldKey;
  return {
    description: { kind: 'custom', label: `${envVarName} in ${folder.name}/.env (git-ignored); files read it from the environment` },
    read: () => Promise.resolve(wired),
    async write(newKey) {
      const envUri = vscode.Uri.joinPath(folder.uri, '.env');
      const gitignoreUri = vscode.Uri.joinPath(folder.uri, '.gitignore');
      await assertSafeTarget(folder);
      const files: (RotationFile & { uri: vscode.Uri; document: vscode.TextDocument })[] = [];
      for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), WORKSPACE_EXCLUDE)) {
        // Never rewrite a file outside the workspace reached through a link the repository planted.
        if (uri.toString() === envUri.toString() || (uri.scheme === 'file' && (await isReachedThroughLink(uri.fsPath, folder.uri.fsPath)))) continue;
        const text = await currentText(uri);
        if (text === undefined || !text.includes(wired)) continue;
        const document = await vscode.workspace.openTextDocument(uri);
        files.push({ uri, document, path: uri.toString(), languageId: document.languageId, text: document.getText() });
      }
      const edits = planRotationEdits({
        files,
        envText: await currentText(envUri),
        gitignoreText: await currentText(gitignoreUri),
        oldKey: wired,
        newKey,
        envVarName,
      });
      const edit = new vscode.WorkspaceEdit();
      const touched: vscode.Uri[] = [];
      for (const file of files) {
        const next = edits.files.get(file.path);
        if (next === undefined) continue;
        edit.replace(file.uri, new vscode.Range(file.document.positionAt(0), file.document.positionAt(file.text.length)), next);
        touched.push(file.uri);
      }
      // .gitignore first: .env must be ignored before it holds the key.
      if (edits.gitignore !== undefined) await setWholeFile(edit, gitignoreUri, edits.gitignore, touched);
      await setWholeFile(edit, envUri, edits.env, touched);
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the editor refused the edit that writes the new key');
      for (const uri of touched) {
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (document?.isDirty && !(await saveFully(document))) throw new Error(`could not save ${vscode.workspace.asRelativePath(uri)}`);
      }
      wired = newKey;
    },
  };
}

/** `.env` and `.gitignore` must be regular files (or missing) before a key is written: see key-file-guard.ts. */
async function assertSafeTarget(folder: vscode.WorkspaceFolder): Promise<void> {
  if (folder.uri.scheme !== 'file') return;
  await assertSafeKeyFiles([
    [vscode.Uri.joinPath(folder.uri, '.env').fsPath, '.env'],
    [vscode.Uri.joinPath(folder.uri, '.gitignore').fsPath, '.gitignore'],
  ]);
}

async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** Adds to `edit` a full rewrite of `uri`, or its creation with `text` when it does not exist. */
async function setWholeFile(edit: vscode.WorkspaceEdit, uri: vscode.Uri, text: string, touched: vscode.Uri[]): Promise<void> {
  const current = await currentText(uri);
  if (current === text) return;
  if (current === undefined) {
    edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(text) });
  } else {
    const document = await vscode.workspace.openTextDocument(uri);
    edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(current.length)), text);
  }
  touched.push(uri);
}

/**
 * Saves a document; true once its text is on disk. A slow save participant (format on save, under
 * load) can make `save()` report false although the file was written, so the disk is the judge:
 * a false "could not write" would make the rotation revoke the new key it just wired.
 */
async function saveFully(document: vscode.TextDocument): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if ((await document.save()) || !document.isDirty) return true;
    try {
      const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(document.uri));
      if (onDisk === document.getText()) return true;
    } catch {
      // not written yet; try again
    }
  }
  return false;
}

/**
 * "Rotate key": core's zero-downtime rotation (create a key with the same permissions, wire it
 * everywhere, verify it, then revoke the old one). The old key is revoked only after the user
 * says so; otherwise it stays in a grace period and "Finish a key rotation" revokes it later.
 */
export async function rotateKey(options: {
  finding: FindingWithSecret;
  folder: vscode.WorkspaceFolder;
  token: string;
  keys: EditorKeyService;
  memento: vscode.Memento;
  envVarName: string;
  prompts: Prompts;
  log: Log;
  /** 'emergency' regenerates: the old value dies at once, so there is no grace period. Default 'standard'. */
  mode?: 'standard' | 'emergency';
}): Promise<RotationJournal | undefined> {
  const { finding, keys, token, log } = options;
  const mode = options.mode ?? 'standard';
  const journal = createJournalStore(options.memento, finding.fingerprint);
  const previous = await journal.load();
  if (previous && isFinished(previous.state)) await options.memento.update(`${JOURNAL_PREFIX}${finding.fingerprint}`, undefined);

  const verification = await keys.verify(finding, { force: true });
  if (verification.status !== 'live')
    throw new Error(`${finding.redacted} is ${verification.status}${verification.reason ? ` (${verification.reason})` : ''}: only a live key can be rotated.`);
  if (!verification.record)
    throw new Error(`cannot rotate ${finding.redacted}: ${verification.recordError ?? 'no key record matches it with the management token.'}`);
  const now = () => new Date();
  // Checked before a key is created, not only when it is written (a failed write revokes the new key).
  await assertSafeTarget(options.folder);
  const target = createWorkspaceTarget(options.folder, finding.secret, options.envVarName);
  const ports: RotationPorts = {
    client: keys.client(),
    managementToken: token,
    cache: keys.cache,
    journal,
    target,
    now,
    log: (line: string) => log.info(line),
  };

  // core's startKeyRotation: match the record, plan (environment, restrictions), create, wire, verify.
  const started = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Rotating ${finding.redacted}` }, (progress) =>
    startKeyRotation(
      {
        oldKey: finding.secret,
        mode,
        graceMs: mode === 'standard' ? GRACE_MS : undefined,
        targetLabel: target.description.kind === 'custom' ? target.description.label : '.env',
        confirmPlan: async (plan) => {
          progress.report({ message: plan.steps[0] });
          for (const note of plan.notes) log.warn(note.message);
          return true;
        },
      },
      ports,
    ),
  );
  const afterCreate = journalOf(started);
  for (const note of started.notes) void vscode.window.showWarningMessage(`rt-guard: ${note.message}`);
  // Regenerate left no old value to keep: it is done.
  if (afterCreate.state === 'done') return afterCreate;
  const isSure = await options.prompts.confirm(
    `${afterCreate.newRedacted ?? 'The new key'} is live and wired. Revoke the old key ${finding.redacted} now?`,
    `Revoke when nothing else (CI secrets, servers, teammates' .env files) still uses ${finding.redacted}. Otherwise it stays valid until you rotate again.`,
    'Revoke old key',
  );
  if (!isSure) {
    log.info(`rotation of ${finding.redacted}: old key kept (grace period); revoke it later with "rt-guard: Finish a key rotation"`);
    return afterCreate;
  }
  const done = journalOf(
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Revoking ${finding.redacted}` }, () => finishKeyRotation(ports)),
  );
  log.info(`rotation of ${finding.redacted} finished: ${done.state}`);
  return done;
}

/** The journal of a rotation result that reached a resting state, else an error in the editor's words. */
function journalOf(result: RotationResult): RotationJournal {
  if (result.journal && (result.status === 'done' || result.status === 'grace' || result.status === 'rolled-back')) return result.journal;
  throw new Error(withNextStepText(result.error?.message ?? 'the rotation stopped.', result.nextStep));
}
