import type { Sandbox } from '../../src/index.ts';
import type { ApiClient } from './api-client.ts';

export const P = {
  me: '/v4/me',
  accounts: '/v4/accounts',
  workspaces: '/v4/accounts/{account_id}/workspaces',
  workspace: '/v4/accounts/{account_id}/workspaces/{workspace_id}',
  versionStack: '/v4/accounts/{account_id}/version_stacks/{version_stack_id}',
  fileCopy: '/v4/accounts/{account_id}/files/{file_id}/copy',
  remoteUpload: '/v4/accounts/{account_id}/folders/{folder_id}/files/remote_upload',
  projects: '/v4/accounts/{account_id}/workspaces/{workspace_id}/projects',
  project: '/v4/accounts/{account_id}/projects/{project_id}',
  folder: '/v4/accounts/{account_id}/folders/{folder_id}',
  children: '/v4/accounts/{account_id}/folders/{folder_id}/children',
  subfolders: '/v4/accounts/{account_id}/folders/{folder_id}/folders',
  localUpload: '/v4/accounts/{account_id}/folders/{folder_id}/files/local_upload',
  files: '/v4/accounts/{account_id}/folders/{folder_id}/files',
  file: '/v4/accounts/{account_id}/files/{file_id}',
  fileStatus: '/v4/accounts/{account_id}/files/{file_id}/status',
  fileMove: '/v4/accounts/{account_id}/files/{file_id}/move',
  versionStacks: '/v4/accounts/{account_id}/folders/{folder_id}/version_stacks',
  versionStackChildren: '/v4/accounts/{account_id}/version_stacks/{version_stack_id}/children',
  comments: '/v4/accounts/{account_id}/files/{file_id}/comments',
  comment: '/v4/accounts/{account_id}/comments/{comment_id}',
  fileMetadata: '/v4/accounts/{account_id}/files/{file_id}/metadata',
  fieldDefinitions: '/v4/accounts/{account_id}/metadata/field_definitions',
  metadataValues: '/v4/accounts/{account_id}/projects/{project_id}/metadata/values',
  shares: '/v4/accounts/{account_id}/projects/{project_id}/shares',
  share: '/v4/accounts/{account_id}/shares/{share_id}',
  webhooks: '/v4/accounts/{account_id}/workspaces/{workspace_id}/webhooks',
  webhook: '/v4/accounts/{account_id}/webhooks/{webhook_id}',
} as const;

export async function createProject(
  api: ApiClient,
  sb: Sandbox,
  name = 'Show',
): Promise<{ id: string; root_folder_id: string }> {
  const r = await api.call('POST', P.projects, {
    params: { account_id: sb.seed.accountId, workspace_id: sb.seed.workspaceId },
    body: { data: { name } },
  });
  if (r.status !== 201) throw new Error(`project create failed ${r.status}`);
  return r.body.data;
}

/** Creates a file by local upload, PUTs its bytes and (optionally) waits until transcoded. */
export async function uploadFile(
  api: ApiClient,
  sb: Sandbox,
  folderId: string,
  name: string,
  bytes: Buffer,
  waitFor: 'created' | 'uploaded' | 'transcoded' = 'transcoded',
): Promise<{ id: string; media_type: string }> {
  const r = await api.call('POST', P.localUpload, {
    params: { account_id: sb.seed.accountId, folder_id: folderId },
    body: { data: { name, file_size: bytes.length } },
  });
  if (r.status !== 201) throw new Error(`local_upload failed ${r.status} ${JSON.stringify(r.body)}`);
  const file = r.body.data;
  if (waitFor === 'created') return file;
  let offset = 0;
  for (const u of file.upload_urls as { url: string; size: number }[]) {
    const res = await fetch(u.url, {
      method: 'PUT',
      headers: { 'content-type': file.media_type, 'x-amz-acl': 'private' },
      body: bytes.subarray(offset, offset + u.size) as unknown as BodyInit,
    });
    if (res.status !== 200) throw new Error(`PUT failed ${res.status} ${await res.text()}`);
    offset += u.size;
  }
  await waitForStatus(api, sb, file.id, waitFor);
  return file;
}

export async function waitForStatus(
  api: ApiClient,
  sb: Sandbox,
  fileId: string,
  status: string,
  timeoutMs = 10_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  const order = ['created', 'uploaded', 'transcoded'];
  while (Date.now() < end) {
    const r = await api.call('GET', P.file, { params: { account_id: sb.seed.accountId, file_id: fileId } });
    if (order.indexOf(r.body.data.status) >= order.indexOf(status)) return;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`file ${fileId} never reached ${status}`);
}
