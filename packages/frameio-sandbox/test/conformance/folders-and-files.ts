import { describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../src/index.ts';
import { createProject, P, uploadFile } from '../helpers/fixtures.ts';
import { acc, api, NOPE, sb } from './conformance-fixtures.ts';

/**
 * Folders, files, local uploads and version stacks.
 * conformance.test.ts registers these specs, in its order (it says why they share one file).
 */
export function folderAndFileSpecs(): void {
  describe('folders and files', () => {
    it('folder create/show/update/list/children/delete', async () => {
      const p = await createProject(api, sb, 'Folders');
      const c = await api.call('POST', P.subfolders, {
        params: { account_id: acc, folder_id: p.root_folder_id },
        body: { data: { name: 'Episode 1' } },
      });
      expect(c.status).toBe(201);
      const f = c.body.data;
      expect(f).toMatchObject({
        type: 'folder',
        parent_id: p.root_folder_id,
        project_id: p.id,
        cover_file_id: null,
      });
      expect(
        (
          await api.call('POST', P.subfolders, {
            params: { account_id: acc, folder_id: NOPE },
            body: { data: { name: 'x' } },
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await api.call('POST', P.subfolders, {
            params: { account_id: acc, folder_id: p.root_folder_id },
            body: { data: { name: '' } },
          })
        ).status,
      ).toBe(422);

      const show = await api.call('GET', P.folder, {
        params: { account_id: acc, folder_id: f.id },
        query: { include: 'creator,project' },
      });
      expect(show.status).toBe(200);
      expect(show.body.data.creator.id).toBe(SEED_IDS.alexId);
      expect(show.body.data.project.id).toBe(p.id);
      expect((await api.call('GET', P.folder, { params: { account_id: acc, folder_id: NOPE } })).status).toBe(
        404,
      );

      const upd = await api.call('PATCH', P.folder, {
        params: { account_id: acc, folder_id: f.id },
        body: { data: { name: 'Ep 1' } },
      });
      expect(upd.status).toBe(200);
      expect(upd.body.data.name).toBe('Ep 1');
      expect(
        (
          await api.call('PATCH', P.folder, {
            params: { account_id: acc, folder_id: f.id },
            body: { data: { title: 'x' } },
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await api.call('PATCH', P.folder, {
            params: { account_id: acc, folder_id: NOPE },
            body: { data: { name: 'x' } },
          })
        ).status,
      ).toBe(404);

      const file = await uploadFile(api, sb, p.root_folder_id, 'cut.mp4', Buffer.alloc(2048, 1));
      const list = await api.call('GET', P.subfolders, {
        params: { account_id: acc, folder_id: p.root_folder_id },
        query: { sort: 'name_asc' },
      });
      expect(list.status).toBe(200);
      expect(list.body.data.map((x: { id: string }) => x.id)).toEqual([f.id]);
      expect(
        (await api.call('GET', P.subfolders, { params: { account_id: acc, folder_id: NOPE } })).status,
      ).toBe(404);

      const kids = await api.call('GET', P.children, {
        params: { account_id: acc, folder_id: p.root_folder_id },
        query: {
          include: 'media_links.original,media_links.thumbnail,creator,metadata',
          include_total_count: 'true',
        },
      });
      expect(kids.status).toBe(200);
      expect(kids.body.total_count).toBe(2);
      const fileChild = kids.body.data.find((x: { type: string }) => x.type === 'file');
      expect(fileChild.id).toBe(file.id);
      expect(fileChild.media_links.original.download_url).toMatch(/^http/);
      const onlyFolders = await api.call('GET', P.children, {
        params: { account_id: acc, folder_id: p.root_folder_id },
        query: { type: 'folder' },
      });
      expect(onlyFolders.body.data.map((x: { type: string }) => x.type)).toEqual(['folder']);
      expect(
        (
          await api.call('GET', P.children, {
            params: { account_id: acc, folder_id: p.root_folder_id },
            query: { type: 'blob' },
          })
        ).status,
      ).toBe(422);
      expect(
        (await api.call('GET', P.children, { params: { account_id: acc, folder_id: NOPE } })).status,
      ).toBe(404);
      const big = await api.call('GET', P.children, {
        params: { account_id: acc, folder_id: p.root_folder_id },
        query: { page_size: '500' },
      });
      expect(big.status).toBe(200);

      expect(
        (await api.call('DELETE', P.folder, { params: { account_id: acc, folder_id: p.root_folder_id } }))
          .status,
      ).toBe(409);
      expect(
        (await api.call('DELETE', P.folder, { params: { account_id: acc, folder_id: f.id } })).status,
      ).toBe(204);
      expect(
        (await api.call('DELETE', P.folder, { params: { account_id: acc, folder_id: f.id } })).status,
      ).toBe(404);
    });

    it('local_upload splits parts like the reference data point and validates its body', async () => {
      const p = await createProject(api, sb, 'Uploads');
      const r = await api.call('POST', P.localUpload, {
        params: { account_id: acc, folder_id: p.root_folder_id },
        body: { data: { name: 'big.mov', file_size: 50_645_990 } },
      });
      expect(r.status).toBe(201);
      expect(r.body.data.upload_urls.map((u: { size: number }) => u.size)).toEqual([
        16_881_997, 16_881_997, 16_881_996,
      ]);
      expect(r.body.data).toMatchObject({
        status: 'created',
        media_type: 'video/quicktime',
        file_size: 50_645_990,
      });
      expect(r.body.data.upload_urls[0].url).toContain('/_s3/parts/');
      const bad = await api.call('POST', P.localUpload, {
        params: { account_id: acc, folder_id: p.root_folder_id },
        body: { data: { name: 'x.mp4', file_size: 0 } },
      });
      expect(bad.status).toBe(422);
      expect(bad.body.errors[0].source.pointer).toBe('/data/file_size');
      expect(
        (
          await api.call('POST', P.localUpload, {
            params: { account_id: acc, folder_id: p.root_folder_id },
            body: { data: { name: 'x.mp4' } },
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await api.call('POST', P.localUpload, {
            params: { account_id: acc, folder_id: NOPE },
            body: { data: { name: 'x.mp4', file_size: 1 } },
          })
        ).status,
      ).toBe(404);
    });

    it('file show/list/update/status/move/delete', async () => {
      const p = await createProject(api, sb, 'Files');
      const sub = (
        await api.call('POST', P.subfolders, {
          params: { account_id: acc, folder_id: p.root_folder_id },
          body: { data: { name: 'Sub' } },
        })
      ).body.data;
      const pending = await uploadFile(
        api,
        sb,
        p.root_folder_id,
        'pending.wav',
        Buffer.alloc(100),
        'created',
      );
      const st0 = await api.call('GET', P.fileStatus, { params: { account_id: acc, file_id: pending.id } });
      expect(st0.status).toBe(200);
      expect(st0.body.data).toMatchObject({
        upload_complete: false,
        upload_failed: false,
        uploaded_at: null,
        upload_completed_at: null,
        filetype: 'audio/wav',
      });
      const pendingShow = await api.call('GET', P.file, {
        params: { account_id: acc, file_id: pending.id },
        query: { include: 'media_links.original,media_links.high_quality' },
      });
      expect(pendingShow.body.data.media_links.original).toEqual({ download_url: null, inline_url: null });

      const file = await uploadFile(api, sb, p.root_folder_id, 'cut.mp4', Buffer.alloc(4096, 7));
      const st = await api.call('GET', P.fileStatus, { params: { account_id: acc, file_id: file.id } });
      expect(st.body.data.upload_complete).toBe(true);
      expect(st.body.data.upload_completed_at).not.toBeNull();
      expect(
        (await api.call('GET', P.fileStatus, { params: { account_id: acc, file_id: NOPE } })).status,
      ).toBe(404);

      const show = await api.call('GET', P.file, {
        params: { account_id: acc, file_id: file.id },
        query: {
          include:
            'media_links.original,media_links.thumbnail,media_links.video_h264_180,media_links.high_quality,media_links.efficient,creator,project,metadata',
        },
      });
      expect(show.status).toBe(200);
      expect(show.body.data.status).toBe('transcoded');
      expect(show.body.data.media_links.video_h264_180.url).toMatch(/^http/);
      expect(show.body.data.project.id).toBe(p.id);
      expect((await api.call('GET', P.file, { params: { account_id: acc, file_id: NOPE } })).status).toBe(
        404,
      );
      expect(
        (
          await api.call('GET', P.file, {
            params: { account_id: acc, file_id: file.id },
            query: { include: 'owner' },
          })
        ).status,
      ).toBe(422);

      const list = await api.call('GET', P.files, {
        params: { account_id: acc, folder_id: p.root_folder_id },
        query: { sort: 'file_size_desc', include: 'creator' },
      });
      expect(list.status).toBe(200);
      expect(list.body.data.map((f: { id: string }) => f.id)).toEqual([file.id, pending.id]);
      expect((await api.call('GET', P.files, { params: { account_id: acc, folder_id: NOPE } })).status).toBe(
        404,
      );

      const upd = await api.call('PATCH', P.file, {
        params: { account_id: acc, file_id: file.id },
        body: { data: { name: 'cut v2.mp4' } },
      });
      expect(upd.status).toBe(200);
      expect(upd.body.data.name).toBe('cut v2.mp4');
      expect(
        (
          await api.call('PATCH', P.file, {
            params: { account_id: acc, file_id: file.id },
            body: { data: { size: 1 } },
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await api.call('PATCH', P.file, {
            params: { account_id: acc, file_id: NOPE },
            body: { data: { name: 'x' } },
          })
        ).status,
      ).toBe(404);

      const mv = await api.call('PATCH', P.fileMove, {
        params: { account_id: acc, file_id: file.id },
        body: { data: { parent_id: sub.id } },
      });
      expect(mv.status).toBe(200);
      expect(mv.body.data.parent_id).toBe(sub.id);
      expect(
        (
          await api.call('PATCH', P.fileMove, {
            params: { account_id: acc, file_id: file.id },
            body: { data: { parent_id: NOPE } },
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await api.call('PATCH', P.fileMove, {
            params: { account_id: acc, file_id: file.id },
            body: { data: {} },
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await api.call('PATCH', P.fileMove, {
            params: { account_id: acc, file_id: NOPE },
            body: { data: { parent_id: sub.id } },
          })
        ).status,
      ).toBe(404);

      expect(
        (await api.call('DELETE', P.file, { params: { account_id: acc, file_id: pending.id } })).status,
      ).toBe(204);
      expect(
        (await api.call('DELETE', P.file, { params: { account_id: acc, file_id: pending.id } })).status,
      ).toBe(404);
    });
  });
}

export function versionStackSpecs(): void {
  describe('version stacks', () => {
    it('create from files in order, list children, move a file on top', async () => {
      const p = await createProject(api, sb, 'Stacks');
      const files = [];
      for (const n of ['v1.mp4', 'v2.mp4', 'v3.mp4'])
        files.push(await uploadFile(api, sb, p.root_folder_id, n, Buffer.alloc(64, 3)));
      const params = { account_id: acc, folder_id: p.root_folder_id };
      const one = await api.call('POST', P.versionStacks, {
        params,
        body: { data: { file_ids: [files[0]!.id] } },
      });
      expect(one.status).toBe(422);
      expect(one.body.errors[0]).toHaveProperty('title');
      expect(
        (
          await api.call('POST', P.versionStacks, {
            params,
            body: { data: { file_ids: [files[0]!.id, NOPE] } },
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await api.call('POST', P.versionStacks, {
            params: { account_id: acc, folder_id: NOPE },
            body: { data: { file_ids: [files[0]!.id, files[1]!.id] } },
          })
        ).status,
      ).toBe(404);
      const vs = await api.call('POST', P.versionStacks, {
        params,
        body: { data: { file_ids: [files[0]!.id, files[1]!.id] } },
      });
      expect(vs.status).toBe(201);
      expect(vs.body.data.type).toBe('version_stack');
      expect(vs.body.data.head_version.id).toBe(files[1]!.id);
      const vsId = vs.body.data.id;

      const mv = await api.call('PATCH', P.fileMove, {
        params: { account_id: acc, file_id: files[2]!.id },
        body: { data: { parent_id: vsId } },
      });
      expect(mv.status).toBe(200);
      const kids = await api.call('GET', P.versionStackChildren, {
        params: { account_id: acc, version_stack_id: vsId },
        query: { include: 'media_links.original' },
      });
      expect(kids.status).toBe(200);
      expect(kids.body.data.map((f: { id: string }) => f.id)).toEqual(files.map((f) => f.id));
      expect(
        (
          await api.call('GET', P.versionStackChildren, {
            params: { account_id: acc, version_stack_id: NOPE },
          })
        ).status,
      ).toBe(404);
      const folderKids = await api.call('GET', P.children, { params });
      expect(folderKids.body.data.map((a: { type: string }) => a.type)).toEqual(['version_stack']);
      expect(folderKids.body.data[0].head_version.id).toBe(files[2]!.id);
    });
  });
}
