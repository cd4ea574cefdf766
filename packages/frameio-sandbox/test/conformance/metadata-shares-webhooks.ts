import { describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../src/index.ts';
import { createProject, P, uploadFile } from '../helpers/fixtures.ts';
import { acc, api, NOPE, sb, ws } from './conformance-fixtures.ts';

/**
 * Metadata fields and values, shares and webhooks.
 * conformance.test.ts registers these specs, in its order (it says why they share one file).
 */
export function metadataSpecs(): void {
  describe('metadata', () => {
    it('field definitions, file metadata, bulk values update', async () => {
      const defs = await api.call('GET', P.fieldDefinitions, {
        params: { account_id: acc },
        query: { include: 'creator' },
      });
      expect(defs.status).toBe(200);
      const status = defs.body.data.find((d: { name: string }) => d.name === 'Status');
      expect(status.id).toBe(SEED_IDS.statusFieldId);
      expect(status.field_configuration.options.map((o: { display_name: string }) => o.display_name)).toEqual(
        ['Needs Review', 'In Progress', 'Approved'],
      );
      expect((await api.call('GET', P.fieldDefinitions, { params: { account_id: NOPE } })).status).toBe(404);

      const p = await createProject(api, sb, 'Meta');
      // A document: no media facts, so only the custom fields are listed.
      const file = await uploadFile(api, sb, p.root_folder_id, 'notes.pdf', Buffer.from('%PDF-1.4\n'));
      const before = await api.call('GET', P.fileMetadata, { params: { account_id: acc, file_id: file.id } });
      expect(before.status).toBe(200);
      expect(before.body.data).toEqual({ file_id: file.id, metadata: [] });
      const withNull = await api.call('GET', P.fileMetadata, {
        params: { account_id: acc, file_id: file.id },
        query: { show_null: 'true' },
      });
      expect(withNull.body.data.metadata[0]).toMatchObject({ field_definition_name: 'Status', value: [] });
      expect(withNull.body.data.metadata[0].field_options).toHaveLength(3);
      expect(
        (await api.call('GET', P.fileMetadata, { params: { account_id: acc, file_id: NOPE } })).status,
      ).toBe(404);

      const mp = { account_id: acc, project_id: p.id };
      const approved = SEED_IDS.statusOptions.approved;
      const ok = await api.call('PATCH', P.metadataValues, {
        params: mp,
        body: {
          data: { file_ids: [file.id], values: [{ field_definition_id: status.id, value: [approved] }] },
        },
      });
      expect(ok.status).toBe(204);
      const after = await api.call('GET', P.fileMetadata, { params: { account_id: acc, file_id: file.id } });
      expect(after.body.data.metadata[0].value).toEqual([{ id: approved, display_name: 'Approved' }]);
      expect(
        (
          await api.call('PATCH', P.metadataValues, {
            params: mp,
            body: {
              data: { file_ids: [file.id], values: [{ field_definition_id: status.id, value: approved }] },
            },
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await api.call('PATCH', P.metadataValues, {
            params: mp,
            body: {
              data: { file_ids: [NOPE], values: [{ field_definition_id: status.id, value: [approved] }] },
            },
          })
        ).status,
      ).toBe(422);
      expect(
        (await api.call('PATCH', P.metadataValues, { params: mp, body: { data: { file_ids: [file.id] } } }))
          .status,
      ).toBe(422);
      expect(
        (
          await api.call('PATCH', P.metadataValues, {
            params: { account_id: acc, project_id: NOPE },
            body: {
              data: { file_ids: [file.id], values: [{ field_definition_id: status.id, value: [approved] }] },
            },
          })
        ).status,
      ).toBe(404);
    });
  });
}

export function shareSpecs(): void {
  describe('shares', () => {
    it('create with short_url, list, show, update, delete', async () => {
      const p = await createProject(api, sb, 'Shares');
      const file = await uploadFile(api, sb, p.root_folder_id, 'cut.mp4', Buffer.alloc(16));
      const sp = { account_id: acc, project_id: p.id };
      const c = await api.call('POST', P.shares, {
        params: sp,
        body: {
          data: {
            type: 'asset',
            name: 'Client review',
            access: 'public',
            asset_ids: [file.id],
            downloading_enabled: true,
            layout: 'grid',
          },
        },
      });
      expect(c.status).toBe(201);
      expect(c.body.data.short_url).toMatch(/\/s\/[A-Za-z0-9]{8}$/);
      expect(c.body.data).toMatchObject({
        name: 'Client review',
        access: 'public',
        downloading_enabled: true,
        layout: 'grid',
      });
      expect(
        (await api.call('POST', P.shares, { params: sp, body: { data: { type: 'asset', name: 'x' } } }))
          .status,
      ).toBe(422);
      for (const name of ['Client\nreview', 'Client\r\nreview', '   ']) {
        const bad = await api.call('POST', P.shares, {
          params: sp,
          body: { data: { type: 'asset', name, access: 'public' } },
        });
        expect(bad.status, JSON.stringify(name)).toBe(422);
        expect(bad.body.errors[0].source.pointer).toBe('/data/name');
      }
      expect(
        (
          await api.call('POST', P.shares, {
            params: sp,
            body: { data: { type: 'asset', name: 'x', access: 'public', asset_ids: [NOPE] } },
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await api.call('POST', P.shares, {
            params: { account_id: acc, project_id: NOPE },
            body: { data: { type: 'asset', name: 'x', access: 'public' } },
          })
        ).status,
      ).toBe(404);

      const list = await api.call('GET', P.shares, { params: sp });
      expect(list.status).toBe(200);
      expect(list.body.data).toHaveLength(1);
      expect(
        (await api.call('GET', P.shares, { params: { account_id: acc, project_id: NOPE } })).status,
      ).toBe(404);
      const id = c.body.data.id;
      expect((await api.call('GET', P.share, { params: { account_id: acc, share_id: id } })).status).toBe(
        200,
      );
      expect((await api.call('GET', P.share, { params: { account_id: acc, share_id: NOPE } })).status).toBe(
        404,
      );
      const upd = await api.call('PATCH', P.share, {
        params: { account_id: acc, share_id: id },
        body: { data: { commenting_enabled: false, theme: 'light' } },
      });
      expect(upd.status).toBe(200);
      expect(upd.body.data).toMatchObject({ commenting_enabled: false, theme: 'light' });
      const renamed = await api.call('PATCH', P.share, {
        params: { account_id: acc, share_id: id },
        body: { data: { name: 'Line\nbreak', commenting_enabled: true } },
      });
      expect(renamed.status).toBe(422);
      const kept = await api.call('GET', P.share, { params: { account_id: acc, share_id: id } });
      expect(kept.body.data).toMatchObject({ name: 'Client review', commenting_enabled: false });
      expect(
        (await api.call('PATCH', P.share, { params: { account_id: acc, share_id: id }, body: { data: {} } }))
          .status,
      ).toBe(422);
      expect(
        (
          await api.call('PATCH', P.share, {
            params: { account_id: acc, share_id: NOPE },
            body: { data: { enabled: false } },
          })
        ).status,
      ).toBe(404);
      expect((await api.call('DELETE', P.share, { params: { account_id: acc, share_id: id } })).status).toBe(
        204,
      );
      expect((await api.call('DELETE', P.share, { params: { account_id: acc, share_id: id } })).status).toBe(
        404,
      );
    });
  });
}

export function webhookSpecs(): void {
  describe('webhooks', () => {
    it('CRUD, secret only at creation, validation', async () => {
      const wp = { account_id: acc, workspace_id: ws };
      const c = await api.call('POST', P.webhooks, {
        params: wp,
        body: {
          data: {
            name: 'preroll',
            url: 'http://127.0.0.1:9/hook',
            events: ['file.ready', 'comment.created'],
          },
        },
      });
      expect(c.status).toBe(201);
      expect(typeof c.body.data.secret).toBe('string');
      expect(c.body.data.active).toBe(true);
      expect(
        (
          await api.call('POST', P.webhooks, {
            params: wp,
            body: { data: { name: 'x', url: 'http://x', events: ['file.exploded'] } },
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await api.call('POST', P.webhooks, {
            params: wp,
            body: { data: { name: 'x', url: 'ftp://x', events: ['file.ready'] } },
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await api.call('POST', P.webhooks, {
            params: wp,
            body: { data: { name: 'x', url: 'http://x', events: [] } },
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await api.call('POST', P.webhooks, {
            params: { account_id: acc, workspace_id: NOPE },
            body: { data: { name: 'x', url: 'http://x', events: ['file.ready'] } },
          })
        ).status,
      ).toBe(404);
      const id = c.body.data.id;
      const show = await api.call('GET', P.webhook, {
        params: { account_id: acc, webhook_id: id },
        query: { include: 'creator' },
      });
      expect(show.status).toBe(200);
      expect(show.body.data).not.toHaveProperty('secret');
      expect(show.body.data.creator.id).toBe(SEED_IDS.alexId);
      expect(
        (await api.call('GET', P.webhook, { params: { account_id: acc, webhook_id: NOPE } })).status,
      ).toBe(404);
      const list = await api.call('GET', P.webhooks, { params: wp, query: { include: 'creator' } });
      expect(list.status).toBe(200);
      expect(list.body.data.every((w: object) => !('secret' in w))).toBe(true);
      expect(
        (await api.call('GET', P.webhooks, { params: { account_id: acc, workspace_id: NOPE } })).status,
      ).toBe(404);
      const upd = await api.call('PATCH', P.webhook, {
        params: { account_id: acc, webhook_id: id },
        body: { data: { active: false, events: ['file.ready'] } },
      });
      expect(upd.status).toBe(200);
      expect(upd.body.data).toMatchObject({ active: false, events: ['file.ready'] });
      expect(
        (
          await api.call('PATCH', P.webhook, {
            params: { account_id: acc, webhook_id: id },
            body: { data: { is_active: true } },
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await api.call('PATCH', P.webhook, {
            params: { account_id: acc, webhook_id: NOPE },
            body: { data: { active: true } },
          })
        ).status,
      ).toBe(404);
      expect(
        (await api.call('DELETE', P.webhook, { params: { account_id: acc, webhook_id: id } })).status,
      ).toBe(204);
      expect(
        (await api.call('DELETE', P.webhook, { params: { account_id: acc, webhook_id: id } })).status,
      ).toBe(404);
    });
  });
}
