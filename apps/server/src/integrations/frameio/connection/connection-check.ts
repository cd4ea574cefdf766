import { FrameioAuthError, type FrameioClient, FrameioError, FrameioPermissionError } from '@preroll/frameio';
import type { FrameioConnectionRow } from '../repositories/connection.repository.ts';
import { connectionErrorIn } from './connection-errors.ts';

export interface ConnectionCheck {
  name: 'token' | 'account' | 'workspace' | 'write_access';
  ok: boolean;
  detail: string;
}

/**
 * "Check connection" (docs/frameio.md). Write access is proven by the one harmless write that matches
 * what preroll does next (mirroring creates a project per show): create a project named
 * "preroll connection check …" in the workspace and delete it again at once. Frame.io exposes no
 * per-workspace permission query (docs/frameio-api-notes.md, "Scopes": IMS scopes are static; access is decided by Frame.io
 * roles), and an account role says nothing about a given workspace, so a real write is the only
 * reliable test. Project create is limited to 10/min (docs/frameio-api-notes.md, "Rate limits"), ample for a manual check.
 */
export async function runConnectionCheck(
  client: FrameioClient,
  row: FrameioConnectionRow,
  now: Date,
): Promise<ConnectionCheck[]> {
  const who = `${row.frameio_user_name} <${row.frameio_user_email}>`;
  const accountLabel = `"${row.account_name ?? row.account_id}"`;
  const workspaceLabel = `"${row.workspace_name ?? row.workspace_id}"`;
  const checks: ConnectionCheck[] = [];
  const skip = (name: ConnectionCheck['name'], why: string) =>
    checks.push({ name, ok: false, detail: `Skipped: ${why}` });

  try {
    const me = await client.users.me();
    checks.push({
      name: 'token',
      ok: true,
      detail: `Signed in to Frame.io as ${me.name} <${me.email}>; the token is valid (refreshed automatically before it expires).`,
    });
  } catch (err) {
    checks.push({ name: 'token', ok: false, detail: tokenFailure(err) });
    skip('account', 'the token check failed.');
    skip('workspace', 'the token check failed.');
    skip('write_access', 'the token check failed.');
    return checks;
  }

  if (!row.account_id || !row.workspace_id) {
    checks.push({
      name: 'account',
      ok: false,
      detail: 'No Frame.io account selected yet: pick an account and workspace.',
    });
    skip('workspace', 'no workspace selected yet.');
    skip('write_access', 'no workspace selected yet.');
    return checks;
  }

  try {
    let found = false;
    for await (const account of client.accounts.iterate({ page_size: 100 })) {
      if (account.id === row.account_id) found = true;
    }
    checks.push(
      found
        ? { name: 'account', ok: true, detail: `Account ${accountLabel} is reachable for ${who}.` }
        : {
            name: 'account',
            ok: false,
            detail: `Account ${accountLabel} is not visible to ${who}: the user may have been removed from it. Reconnect with a user of that account or pick another account.`,
          },
    );
    if (!found) {
      skip('workspace', `account ${accountLabel} is not reachable.`);
      skip('write_access', `account ${accountLabel} is not reachable.`);
      return checks;
    }
  } catch (err) {
    checks.push({
      name: 'account',
      ok: false,
      detail: `Could not list the Frame.io accounts of ${who}: ${describe(err)}`,
    });
    skip('workspace', 'the account check failed.');
    skip('write_access', 'the account check failed.');
    return checks;
  }

  try {
    let found = false;
    for await (const ws of client.workspaces.iterate(row.account_id, { page_size: 100 })) {
      if (ws.id === row.workspace_id) found = true;
    }
    checks.push(
      found
        ? {
            name: 'workspace',
            ok: true,
            detail: `Workspace ${workspaceLabel} in account ${accountLabel} is reachable.`,
          }
        : {
            name: 'workspace',
            ok: false,
            detail: `Workspace ${workspaceLabel} no longer exists in account ${accountLabel} or ${who} cannot see it. Pick another workspace.`,
          },
    );
    if (!found) {
      skip('write_access', `workspace ${workspaceLabel} is not reachable.`);
      return checks;
    }
  } catch (err) {
    checks.push({
      name: 'workspace',
      ok: false,
      detail: `Could not list the workspaces of account ${accountLabel}: ${describe(err)}`,
    });
    skip('write_access', 'the workspace check failed.');
    return checks;
  }

  const name = `preroll connection check ${now.toISOString()} (safe to delete)`;
  let projectId: string;
  try {
    const project = await client.projects.create(row.account_id, row.workspace_id, { name });
    projectId = project.id;
  } catch (err) {
    const detail =
      err instanceof FrameioPermissionError
        ? `${who} has no write access to workspace ${workspaceLabel} in account ${accountLabel} (Frame.io answered 403 when creating a project). Ask an admin of Frame.io account ${accountLabel} to give this user permission to create projects there, or pick another workspace.`
        : `Could not verify write access to workspace ${workspaceLabel} in account ${accountLabel}: creating a test project failed (${describe(err)}).`;
    checks.push({ name: 'write_access', ok: false, detail });
    return checks;
  }
  try {
    await client.projects.delete(row.account_id, projectId);
    checks.push({
      name: 'write_access',
      ok: true,
      detail: `${who} can create projects in workspace ${workspaceLabel} (a test project was created and deleted).`,
    });
  } catch (err) {
    checks.push({
      name: 'write_access',
      ok: true,
      detail: `${who} can create projects in workspace ${workspaceLabel}, but the test project "${name}" could not be deleted (${describe(err)}); delete it in Frame.io.`,
    });
  }
  return checks;
}

function tokenFailure(err: unknown): string {
  const waiting = connectionErrorIn(err);
  if (waiting) return waiting.message;
  if (err instanceof FrameioAuthError) {
    return 'Frame.io rejected the access token even after a refresh. Reconnect Frame.io.';
  }
  return `Frame.io could not be reached: ${describe(err)}`;
}

function describe(err: unknown): string {
  if (err instanceof FrameioError)
    return `${err.kind} error${err.status ? `, HTTP ${err.status}` : ''}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
