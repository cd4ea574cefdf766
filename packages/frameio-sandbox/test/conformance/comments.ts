import { describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../src/index.ts';
import { createProject, P, uploadFile } from '../helpers/fixtures.ts';
import { makeClip } from '../helpers/media-clips.ts';
import { acc, api, NOPE, sb } from './conformance-fixtures.ts';

/**
 * Comments: CRUD with framestamps and timecode, replies, completion, and atomic updates.
 * conformance.test.ts registers these specs, in its order (it says why they share one file).
 */
export function commentSpecs(): void {
  describe('comments', () => {
    it('create/list/show/update/delete with framestamps, timecode, completion, owner and replies', async () => {
      const p = await createProject(api, sb, 'Comments');
      // 72 frames at 24 fps: the timecode below is read at the probed rate
      const file = await uploadFile(
        api,
        sb,
        p.root_folder_id,
        'cut.mp4',
        makeClip({ rate: '24', seconds: 3 }),
      );
      const fp = { account_id: acc, file_id: file.id };
      const c1 = await api.call('POST', P.comments, {
        params: fp,
        body: { data: { text: 'Fix the logo', timestamp: 49, duration: 24 } },
      });
      expect(c1.status).toBe(201);
      expect(c1.body.data).toMatchObject({
        text: 'Fix the logo',
        timestamp: 49,
        duration: 24,
        completed_at: null,
      });
      const tc = await api.call('POST', P.comments, {
        params: fp,
        query: { timestamp_as_timecode: 'true' },
        body: { data: { text: 'At 2s12', timestamp: '00:00:02:12' } },
      });
      expect(tc.status).toBe(201);
      expect(tc.body.data.timestamp).toBe('00:00:02:12');
      const asInt = await api.call('GET', P.comment, {
        params: { account_id: acc, comment_id: tc.body.data.id },
      });
      expect(asInt.body.data.timestamp).toBe(61);
      const global = await api.call('POST', P.comments, {
        params: fp,
        body: { data: { text: 'General note' } },
      });
      expect(global.body.data.timestamp).toBeNull();

      expect(
        (await api.call('POST', P.comments, { params: fp, body: { data: { text: 'x', duration: 5 } } }))
          .status,
      ).toBe(422);
      expect((await api.call('POST', P.comments, { params: fp, body: { data: { text: '' } } })).status).toBe(
        422,
      );
      expect(
        (await api.call('POST', P.comments, { params: fp, body: { data: { text: 'x'.repeat(40_001) } } }))
          .status,
      ).toBe(422);
      expect(
        (await api.call('POST', P.comments, { params: fp, body: { data: { text: 'x', page: 1 } } })).status,
      ).toBe(422);
      expect(
        (
          await api.call('POST', P.comments, {
            params: fp,
            body: { data: { text: 'x', timestamp: '99:99' } },
          })
        ).status,
      ).toBe(422);
      expect(
        (await api.call('POST', P.comments, { params: fp, body: { data: { text: 'x', mood: 'sad' } } }))
          .status,
      ).toBe(422);
      expect(
        (
          await api.call('POST', P.comments, {
            params: { account_id: acc, file_id: NOPE },
            body: { data: { text: 'x' } },
          })
        ).status,
      ).toBe(404);

      const reply = sb.control.createReply(c1.body.data.id, { user_id: SEED_IDS.rileyId, text: 'On it' });
      const list = await api.call('GET', P.comments, {
        params: fp,
        query: { include: 'owner,replies', timestamp_as_timecode: 'true', sort: 'created_at_desc' },
      });
      expect(list.status).toBe(200);
      expect(list.body.data).toHaveLength(3);
      const withReply = list.body.data.find((c: { id: string }) => c.id === c1.body.data.id);
      expect(withReply.owner.id).toBe(SEED_IDS.alexId);
      expect(withReply.replies.map((r: { id: string }) => r.id)).toEqual([reply.id]);
      expect(withReply.timestamp).toBe('00:00:02:00');
      expect((await api.call('GET', P.comments, { params: fp, query: { sort: 'owner_asc' } })).status).toBe(
        422,
      );
      expect((await api.call('GET', P.comments, { params: { account_id: acc, file_id: NOPE } })).status).toBe(
        404,
      );

      const shownReply = await api.call('GET', P.comment, {
        params: { account_id: acc, comment_id: String(reply.id) },
        query: { include: 'owner' },
      });
      expect(shownReply.status).toBe(200);
      expect(shownReply.body.data.owner.id).toBe(SEED_IDS.rileyId);
      expect(
        (await api.call('GET', P.comment, { params: { account_id: acc, comment_id: NOPE } })).status,
      ).toBe(404);

      const done = await api.call('PATCH', P.comment, {
        params: { account_id: acc, comment_id: c1.body.data.id },
        body: { data: { completed: true } },
      });
      expect(done.status).toBe(200);
      expect(done.body.data.completer_id).toBe(SEED_IDS.alexId);
      expect(done.body.data.completed_at).not.toBeNull();
      const edited = await api.call('PATCH', P.comment, {
        params: { account_id: acc, comment_id: c1.body.data.id },
        body: { data: { text: 'Fix the logo please', completed: false } },
      });
      expect(edited.body.data.completed_at).toBeNull();
      expect(edited.body.data.text_edited_at).not.toBeNull();
      expect(
        (
          await api.call('PATCH', P.comment, {
            params: { account_id: acc, comment_id: global.body.data.id },
            body: { data: { duration: 3 } },
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await api.call('PATCH', P.comment, {
            params: { account_id: acc, comment_id: NOPE },
            body: { data: { text: 'x' } },
          })
        ).status,
      ).toBe(404);

      expect(
        (await api.call('DELETE', P.comment, { params: { account_id: acc, comment_id: c1.body.data.id } }))
          .status,
      ).toBe(204);
      expect(
        (await api.call('GET', P.comment, { params: { account_id: acc, comment_id: String(reply.id) } }))
          .status,
      ).toBe(404);
      expect(
        (await api.call('DELETE', P.comment, { params: { account_id: acc, comment_id: c1.body.data.id } }))
          .status,
      ).toBe(404);
    });

    it('converts timecode at a rate set through the control API (bytes without a readable rate)', async () => {
      const p = await createProject(api, sb, 'Fps');
      const file = await uploadFile(api, sb, p.root_folder_id, 'ntsc.mov', Buffer.alloc(16));
      const fp = { account_id: acc, file_id: file.id };
      const post = (timestamp: string) =>
        api.call('POST', P.comments, {
          params: fp,
          query: { timestamp_as_timecode: 'true' },
          body: { data: { text: 'x', timestamp } },
        });
      expect((await post('00:00:01:00')).status).toBe(422);
      sb.control.setFileFps(file.id, { num: 30000, den: 1001 });
      const r = await post('00:01:00;02');
      expect(r.body.data.timestamp).toBe('00:01:00;02');
      const asInt = await api.call('GET', P.comment, {
        params: { account_id: acc, comment_id: r.body.data.id },
      });
      expect(asInt.body.data.timestamp).toBe(60 * 30 + 1);
      expect((await post('00:00:00;30')).status).toBe(422);
      sb.control.setFileFps(file.id, { num: 25, den: 1 });
      expect((await post('00:00:01:00')).body.data.timestamp).toBe('00:00:01:00');
      expect(() => sb.control.setFileFps(file.id, { num: 0, den: 1 })).toThrow(/positive integers/);
    });
  });
}

export function commentAtomicitySpecs(): void {
  describe('comment updates are all-or-nothing', () => {
    it('a rejected PATCH leaves the comment unchanged', async () => {
      const p = await createProject(api, sb, 'Atomic');
      const file = await uploadFile(api, sb, p.root_folder_id, 'cut.mp4', Buffer.alloc(16));
      const c = await api.call('POST', P.comments, {
        params: { account_id: acc, file_id: file.id },
        body: { data: { text: 'x', timestamp: 10, duration: 5 } },
      });
      const cp = { account_id: acc, comment_id: c.body.data.id };
      expect(
        (await api.call('PATCH', P.comment, { params: cp, body: { data: { timestamp: null } } })).status,
      ).toBe(422);
      const after = await api.call('GET', P.comment, { params: cp });
      expect(after.body.data).toMatchObject({ timestamp: 10, duration: 5 });
      const cleared = await api.call('PATCH', P.comment, {
        params: cp,
        body: { data: { timestamp: null, duration: null } },
      });
      expect(cleared.status).toBe(200);
      expect(cleared.body.data).toMatchObject({ timestamp: null, duration: null });
    });
  });
}
