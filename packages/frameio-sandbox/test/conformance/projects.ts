import { describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../src/index.ts';
import { createProject, P } from '../helpers/fixtures.ts';
import { acc, api, NOPE, sb, ws } from './conformance-fixtures.ts';

/**
 * Projects: create (with root folder), show, update, list with cursor pages, delete.
 * conformance.test.ts registers these specs, in its order (it says why they share one file).
 */
export function projectSpecs(): void {
  describe('projects', () => {
    it('create (201, with root folder), show, update, list with cursor pages, delete', async () => {
      const bad = await api.call('POST', P.projects, {
        params: { account_id: acc, workspace_id: ws },
        body: { data: { name: 'x', foo: 1 } },
      });
      expect(bad.status).toBe(422);
      expect(bad.body.errors[0]).toEqual({
        detail: 'Unexpected field: foo',
        source: { pointer: '/data/foo' },
        title: 'Invalid value',
      });
      const missing = await api.call('POST', P.projects, {
        params: { account_id: acc, workspace_id: ws },
        body: { data: {} },
      });
      expect(missing.status).toBe(422);
      expect(missing.body.errors[0].source.pointer).toBe('/data/name');
      expect(
        (
          await api.call('POST', P.projects, {
            params: { account_id: acc, workspace_id: NOPE },
            body: { data: { name: 'x' } },
          })
        ).status,
      ).toBe(404);

      const created = [];
      for (let i = 0; i < 3; i++) created.push(await createProject(api, sb, `Page ${i}`));
      const p = created[0]!;
      const root = await api.call('GET', P.folder, {
        params: { account_id: acc, folder_id: p.root_folder_id },
      });
      expect(root.status).toBe(200);
      expect(root.body.data.parent_id).toBeNull();

      const show = await api.call('GET', P.project, {
        params: { account_id: acc, project_id: p.id },
        query: { include: 'owner' },
      });
      expect(show.status).toBe(200);
      expect(show.body.data.owner.id).toBe(SEED_IDS.alexId);
      expect(
        (await api.call('GET', P.project, { params: { account_id: acc, project_id: NOPE } })).status,
      ).toBe(404);

      const upd = await api.call('PATCH', P.project, {
        params: { account_id: acc, project_id: p.id },
        body: { data: { name: 'Renamed', status: 'inactive' } },
      });
      expect(upd.status).toBe(200);
      expect(upd.body.data).toMatchObject({ name: 'Renamed', status: 'inactive' });
      expect(
        (
          await api.call('PATCH', P.project, {
            params: { account_id: acc, project_id: p.id },
            body: { data: { status: 'gone' } },
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await api.call('PATCH', P.project, {
            params: { account_id: acc, project_id: NOPE },
            body: { data: { name: 'x' } },
          })
        ).status,
      ).toBe(404);

      const page1 = await api.call('GET', P.projects, {
        params: { account_id: acc, workspace_id: ws },
        query: { page_size: '2', include_total_count: 'true' },
      });
      expect(page1.status).toBe(200);
      expect(page1.body.data).toHaveLength(2);
      expect(page1.body.total_count).toBeGreaterThanOrEqual(3);
      const next: string = page1.body.links.next;
      expect(next.startsWith(`/v4/accounts/${acc}/workspaces/${ws}/projects?after=`)).toBe(true);
      expect(next).not.toContain('page_size');
      const page2 = await api.follow(P.projects, next, { page_size: '2' });
      expect(page2.status).toBe(200);
      expect(page2.body.data[0].id).not.toBe(page1.body.data[0].id);
      expect(
        (await api.call('GET', P.projects, { params: { account_id: acc, workspace_id: NOPE } })).status,
      ).toBe(404);
      expect(
        (
          await api.call('GET', P.projects, {
            params: { account_id: acc, workspace_id: ws },
            query: { sort: 'nope' },
          })
        ).status,
      ).toBe(422);

      const del = await api.call('DELETE', P.project, {
        params: { account_id: acc, project_id: created[2]!.id },
      });
      expect(del.status).toBe(204);
      expect(del.headers.get('x-ratelimit-limit')).toBeNull();
      expect(
        (await api.call('DELETE', P.project, { params: { account_id: acc, project_id: created[2]!.id } }))
          .status,
      ).toBe(404);
      expect(
        (
          await api.call('GET', P.folder, {
            params: { account_id: acc, folder_id: created[2]!.root_folder_id },
          })
        ).status,
      ).toBe(404);
    });
  });
}
