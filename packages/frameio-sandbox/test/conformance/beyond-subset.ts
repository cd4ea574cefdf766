import { describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../src/index.ts';
import { ApiClient } from '../helpers/api-client.ts';
import { startByteServer } from '../helpers/byte-server.ts';
import { createProject, P, uploadFile, waitForStatus } from '../helpers/fixtures.ts';
import { makeClip } from '../helpers/media-clips.ts';
import { acc, api, NOPE, sb, ws } from './conformance-fixtures.ts';

/**
 * The operations emulated beyond the vendored subset (spec/openapi-extra.json), each answer
 * validated like the rest, and the 501 for an operation the sandbox does not emulate.
 * conformance.test.ts registers these specs, in its order (it says why they share one file).
 */
export function beyondSubsetSpecs(): void {
  describe('operations beyond the subset', () => {
    it('workspaces: show (with creator) and create (admins; 403 for a member, 422 bad body, 404)', async () => {
      const shown = await api.call('GET', P.workspace, {
        params: { account_id: acc, workspace_id: ws },
        query: { include: 'creator' },
      });
      expect(shown.status).toBe(200);
      expect(shown.body.data).toMatchObject({
        id: ws,
        name: 'Sandbox Workspace',
        creator: { id: SEED_IDS.alexId },
      });
      expect(
        (await api.call('GET', P.workspace, { params: { account_id: acc, workspace_id: NOPE } })).status,
      ).toBe(404);
      const created = await api.call('POST', P.workspaces, {
        params: { account_id: acc },
        body: { data: { name: 'Second workspace' } },
      });
      expect(created.status).toBe(201);
      const listed = await api.call('GET', P.workspaces, { params: { account_id: acc } });
      expect(listed.body.data.map((w: { name: string }) => w.name)).toContain('Second workspace');
      expect(
        (await api.call('POST', P.workspaces, { params: { account_id: acc }, body: { data: { name: '' } } }))
          .status,
      ).toBe(422);
      const riley = new ApiClient(
        sb.url,
        sb.control.mintTokens({ client_id: 'preroll-local', user_id: SEED_IDS.rileyId }).access_token,
      );
      const denied = await riley.call('POST', P.workspaces, {
        params: { account_id: acc },
        body: { data: { name: 'Not mine to make' } },
      });
      expect(denied.status).toBe(403);
    });

    it('version stack show with its head version; 404 for a file id', async () => {
      const p = await createProject(api, sb, 'Stack show');
      const a = await uploadFile(api, sb, p.root_folder_id, 'v1.pdf', Buffer.from('%PDF-1.4\n1'));
      const b = await uploadFile(api, sb, p.root_folder_id, 'v2.pdf', Buffer.from('%PDF-1.4\n2'));
      const stack = await api.call('POST', P.versionStacks, {
        params: { account_id: acc, folder_id: p.root_folder_id },
        body: { data: { file_ids: [a.id, b.id] } },
      });
      const shown = await api.call('GET', P.versionStack, {
        params: { account_id: acc, version_stack_id: stack.body.data.id },
        query: { include: 'creator,media_links.original' },
      });
      expect(shown.status).toBe(200);
      expect(shown.body.data).toMatchObject({
        type: 'version_stack',
        name: 'v2.pdf',
        head_version: { id: b.id },
      });
      expect(shown.body.data.head_version.media_links.original.download_url).toMatch(/^http/);
      expect(
        (await api.call('GET', P.versionStack, { params: { account_id: acc, version_stack_id: a.id } }))
          .status,
      ).toBe(404);
    });

    it('file copy: bytes, media facts, comments and metadata on request; 409 before upload, 422, 404', async () => {
      const p = await createProject(api, sb, 'Copies');
      const clip = makeClip({ rate: '25', seconds: 1 });
      const src = await uploadFile(api, sb, p.root_folder_id, 'cut.mp4', clip);
      const fp = { account_id: acc, file_id: src.id };
      await api.call('POST', P.comments, { params: fp, body: { data: { text: 'keep me', timestamp: 10 } } });
      await api.call('PATCH', P.metadataValues, {
        params: { account_id: acc, project_id: p.id },
        body: {
          data: {
            file_ids: [src.id],
            values: [
              { field_definition_id: SEED_IDS.statusFieldId, value: [SEED_IDS.statusOptions.approved] },
            ],
          },
        },
      });
      const plain = await api.call('POST', P.fileCopy, { params: fp });
      expect(plain.status).toBe(200);
      expect(plain.body.data).toMatchObject({
        name: 'cut (1).mp4',
        status: 'transcoded',
        file_size: clip.length,
      });
      expect(plain.body.data.parent_id).toBe(p.root_folder_id);
      const plainComments = await api.call('GET', P.comments, {
        params: { account_id: acc, file_id: plain.body.data.id },
      });
      expect(plainComments.body.data).toEqual([]);
      const sub = await api.call('POST', P.subfolders, {
        params: { account_id: acc, folder_id: p.root_folder_id },
        body: { data: { name: 'Elsewhere' } },
      });
      const full = await api.call('POST', P.fileCopy, {
        params: fp,
        query: { copy_comments: 'all', copy_metadata: 'true' },
        body: { data: { parent_id: sub.body.data.id } },
      });
      expect(full.body.data).toMatchObject({ name: 'cut.mp4', parent_id: sub.body.data.id });
      const copied = await api.call('GET', P.comments, {
        params: { account_id: acc, file_id: full.body.data.id },
        query: { timestamp_as_timecode: 'true' },
      });
      expect(copied.body.data.map((c: { text: string; timestamp: string }) => [c.text, c.timestamp])).toEqual(
        [['keep me', '00:00:00:09']],
      );
      const meta = await api.call('GET', P.fileMetadata, {
        params: { account_id: acc, file_id: full.body.data.id },
      });
      const names = meta.body.data.metadata.map(
        (f: { field_definition_name: string }) => f.field_definition_name,
      );
      expect(names).toContain('Status');
      expect(names).toContain('Frame Rate');
      expect(sb.control.uploadFacts(full.body.data.id).sha256).toBe(sb.control.uploadFacts(src.id).sha256);

      const pending = await uploadFile(api, sb, p.root_folder_id, 'later.mp4', Buffer.alloc(8), 'created');
      expect(
        (await api.call('POST', P.fileCopy, { params: { account_id: acc, file_id: pending.id } })).status,
      ).toBe(409);
      const badDest = await api.call('POST', P.fileCopy, { params: fp, body: { data: { parent_id: NOPE } } });
      expect(badDest.status).toBe(422);
      expect(
        (await api.call('POST', P.fileCopy, { params: fp, query: { copy_comments: 'some' } })).status,
      ).toBe(422);
      expect(
        (await api.call('POST', P.fileCopy, { params: { account_id: acc, file_id: NOPE } })).status,
      ).toBe(404);
    });

    it('remote upload: 202 with the status link, fetched over HTTP and probed; 422 for a bad URL; 404', async () => {
      const clip = makeClip({ rate: '30000/1001', seconds: 1 });
      const server = await startByteServer({ '/clip.mp4': clip });
      try {
        const p = await createProject(api, sb, 'Remote');
        const fp = { account_id: acc, folder_id: p.root_folder_id };
        const r = await api.call('POST', P.remoteUpload, {
          params: fp,
          body: { data: { name: 'from-url.mp4', source_url: `${server.url}/moved` } },
        });
        expect(r.status).toBe(202);
        expect(r.body.data).toMatchObject({
          name: 'from-url.mp4',
          status: 'created',
          media_type: 'video/mp4',
        });
        expect(r.body.links.status).toBe(`/v4/accounts/${acc}/files/${r.body.data.id}/status`);
        await waitForStatus(api, sb, r.body.data.id, 'transcoded');
        const shown = await api.call('GET', P.file, {
          params: { account_id: acc, file_id: r.body.data.id },
          query: { include: 'metadata' },
        });
        expect(shown.body.data.file_size).toBe(clip.length);
        const rate = shown.body.data.metadata.find(
          (f: { field_definition_name: string }) => f.field_definition_name === 'Frame Rate',
        );
        expect(rate.value).toBe(29.97);
        expect(server.requests).toEqual(['/moved', '/clip.mp4']);
        const bad = await api.call('POST', P.remoteUpload, {
          params: fp,
          body: { data: { name: 'x.mp4', source_url: 'ftp://example.test/x.mp4' } },
        });
        expect(bad.status).toBe(422);
        expect(
          (await api.call('POST', P.remoteUpload, { params: fp, body: { data: { name: 'x.mp4' } } })).status,
        ).toBe(422);
        const files = await api.call('GET', P.files, { params: fp });
        expect(files.body.data.map((f: { name: string }) => f.name)).toEqual(['from-url.mp4']);
        expect(
          (
            await api.call('POST', P.remoteUpload, {
              params: { account_id: acc, folder_id: NOPE },
              body: { data: { name: 'x.mp4', source_url: `${server.url}/clip.mp4` } },
            })
          ).status,
        ).toBe(404);
      } finally {
        await server.close();
      }
    });

    it('account users: every member with their account role and user (name sorted, paged); 404 for another account', async () => {
      const listed = await api.call('GET', '/v4/accounts/{account_id}/users', {
        params: { account_id: acc },
        query: { sort: 'name_desc' },
      });
      expect(listed.status).toBe(200);
      expect(listed.body.data[0]).toEqual({
        role: 'member',
        user: expect.objectContaining({
          id: SEED_IDS.rileyId,
          name: 'Riley Reviewer',
          email: 'riley@sandbox.test',
        }),
      });
      const first = await api.call('GET', '/v4/accounts/{account_id}/users', {
        params: { account_id: acc },
        query: { page_size: '1' },
      });
      expect(first.body.data).toEqual([
        { role: 'owner', user: expect.objectContaining({ name: 'Alex Producer' }) },
      ]);
      const next = await fetch(`${sb.url}${first.body.links.next}`, {
        headers: { authorization: `Bearer ${api.token}` },
      });
      expect((await next.json()).data[0]).toMatchObject({ role: 'member', user: { name: 'Riley Reviewer' } });
      const other = await api.call('GET', '/v4/accounts/{account_id}/users', {
        params: { account_id: NOPE },
      });
      expect([403, 404]).toContain(other.status);
    });

    it('an operation the sandbox does not emulate answers 501 naming it, not a 404', async () => {
      const folderCopy = await fetch(`${sb.url}/v4/accounts/${acc}/folders/${NOPE}/copy`, {
        method: 'POST',
        headers: { authorization: `Bearer ${api.token}` },
      });
      expect(folderCopy.status).toBe(501);
      expect(await folderCopy.json()).toEqual({
        errors: [
          { detail: 'not emulated by the sandbox: POST /v4/accounts/{account_id}/folders/{folder_id}/copy' },
        ],
      });
      const wrongMethod = await fetch(`${sb.url}/v4/accounts/${acc}/workspaces/${ws}`, { method: 'DELETE' });
      expect(wrongMethod.status).toBe(501);
      expect((await wrongMethod.json()).errors[0].detail).toBe(
        'not emulated by the sandbox: DELETE /v4/accounts/{account_id}/workspaces/{workspace_id}',
      );
      expect((await fetch(`${sb.url}/elsewhere`)).status).toBe(404);
    });
  });
}
