import { describe, expect, it } from 'vitest';
import {
  linkedVersion,
  localComments,
  remoteComments,
  SEED_IDS,
  sandboxApi,
  settle,
  useSyncEnv,
  waitFor,
} from './frameio-sync-fixtures.ts';

/** Two-way comment sync at every frame rate: frame n in preroll is framestamp n + 1 in Frame.io. */
const t = useSyncEnv();

const db = () => t.app.preroll.db;

describe('frames are exact at every rate', () => {
  const rates = [
    { name: '23.976', num: 24000, den: 1001, drop: 0 },
    { name: '29.97 DF', num: 30000, den: 1001, drop: 1 },
    { name: '25', num: 25, den: 1, drop: 0 },
    { name: '59.94', num: 60000, den: 1001, drop: 0 },
  ];
  for (const r of rates) {
    it(`${r.name}: frame n ⇄ framestamp n + 1 both ways, first and last frame of an hour`, async () => {
      const { owner, versionId, fileId } = await linkedVersion(t);
      const hourFrames = Math.round((3600 * r.num) / r.den);
      await db()
        .updateTable('deliverable_versions')
        .set({
          frame_rate_num: r.num,
          frame_rate_den: r.den,
          drop_frame: r.drop,
          duration_frames: hourFrames,
        })
        .where('id', '=', versionId)
        .execute();
      t.sandbox.control.setFileFps(fileId, { num: r.num, den: r.den });
      const last = hourFrames - 1;
      for (const frame of [0, last]) {
        const res = await owner.client.post(`/api/v1/versions/${versionId}/comments`, {
          body: `local ${frame}`,
          frame,
        });
        expect(res.status, res.text).toBe(201);
      }
      for (const ts of [1, hourFrames]) {
        await sandboxApi(
          t,
          t.rileyToken,
          'POST',
          `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}/comments`,
          { text: `remote ${ts}`, timestamp: ts },
        );
      }
      await settle(t);
      await waitFor(
        'all four both sides',
        async () =>
          (await remoteComments(t, fileId)).length === 4 &&
          (await localComments(owner, versionId)).length === 4,
      );
      const remote = Object.fromEntries((await remoteComments(t, fileId)).map((c) => [c.text, c.timestamp]));
      expect(remote).toEqual({
        'local 0': 1,
        [`local ${last}`]: hourFrames,
        'remote 1': 1,
        [`remote ${hourFrames}`]: hourFrames,
      });
      const local = Object.fromEntries((await localComments(owner, versionId)).map((c) => [c.body, c.frame]));
      expect(local).toEqual({
        'local 0': 0,
        [`local ${last}`]: last,
        'remote 1': 0,
        [`remote ${hourFrames}`]: last,
      });
    });
  }
});
