import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAs, magicLinkFor, portalLogin } from './domain-fixtures.ts';
import { linkedVersion, localComments, type Owner } from './frameio-sync-fixtures.ts';
import { drained, SEED_IDS, startWireEnv, type WireEnv, waitFor } from './frameio-wire-fixtures.ts';

/**
 * Who wrote a comment survives the trip both ways. V4 lists replies without their owner, and a
 * comment preroll creates is always owned by the connected Frame.io user, so preroll reads reply
 * owners itself and names the real author in the text of what it pushes for someone else.
 * The sandbox runs in its own process.
 */
let t: WireEnv;
beforeAll(async () => {
  t = await startWireEnv();
});
afterAll(async () => {
  await t?.close();
});

type RemoteComment = { id: string; text: string; owner?: { id: string; name: string } };
const remoteComments = async (fileId: string) => {
  const res = await t.sandbox.api(
    t.alexToken,
    'GET',
    `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}/comments?include=owner&page_size=100`,
  );
  expect(res.status).toBe(200);
  return res.body.data as RemoteComment[];
};
const linksOf = async (owner: Owner) =>
  t.app.preroll.db
    .selectFrom('frameio_links')
    .select(['local_id', 'remote_id'])
    .where('org_id', '=', owner.orgId)
    .where('remote_type', '=', 'comment')
    .execute();

describe('comment authors across the sync', () => {
  it('replies made in Frame.io keep their author’s name, like top-level comments', async () => {
    const { owner, fileId, versionId } = await linkedVersion(t);
    const top = await t.sandbox.api(
      t.rileyToken,
      'POST',
      `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}/comments`,
      { text: 'The logo flickers', timestamp: 12 },
    );
    expect(top.status).toBe(201);
    for (const [user, text] of [
      [SEED_IDS.rileyId, 'Around frame 12'],
      [SEED_IDS.alexId, 'On it'],
    ] as const) {
      const reply = await t.sandbox.control('POST', `/_sandbox/comments/${top.body.data.id}/replies`, {
        user_id: user,
        text,
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    }
    const thread = await waitFor('the thread in preroll', async () => {
      const rows = await localComments(owner, versionId);
      const found = rows.find((c) => c.body === 'The logo flickers');
      return found && found.replies.length === 2 ? found : undefined;
    });
    await drained(t);
    expect(thread.author).toMatchObject({ type: 'external', name: 'Riley Reviewer' });
    const replies = (await localComments(owner, versionId)).find((c) => c.id === thread.id)!.replies;
    expect(replies.map((r) => [r.body, r.author.name])).toEqual([
      ['Around frame 12', 'Riley Reviewer'],
      ['On it', 'Alex Producer'],
    ]);
  });

  it('pushed text names the author when it is not the connected user (“client” for portal users), and comes back without the prefix', async () => {
    const { owner, deliverableId, versionId, fileId } = await linkedVersion(t);
    const member = await joinAs(t.app, owner, 'member');
    expect((await owner.client.post(`/api/v1/deliverables/${deliverableId}/submit`)).status).toBe(200);
    const clientId = (
      await t.app.preroll.db
        .selectFrom('deliverables')
        .innerJoin('episodes', 'episodes.id', 'deliverables.episode_id')
        .innerJoin('shows', 'shows.id', 'episodes.show_id')
        .select('shows.client_id')
        .where('deliverables.id', '=', deliverableId)
        .executeTakeFirstOrThrow()
    ).client_id;
    const portal = await portalLogin(t.app, (await magicLinkFor(t.app, owner.client, clientId)).token);
    const post = async (c: typeof member, body: Record<string, unknown>) => {
      const res = await c.post(`/api/v1/versions/${versionId}/comments`, body);
      expect(res.status, res.text).toBe(201);
      return res.body.data as { id: string };
    };
    await post(owner.client, { body: 'Mine, as the connected user', frame: 1 });
    await post(member, { body: 'Trim two frames', frame: 2 });
    const fromClient = await post(portal, { body: 'Love the ending', frame: 3 });
    await post(member, { body: 'Will do', parent_id: fromClient.id });
    await post(owner.client, { body: 'Agreed', parent_id: fromClient.id });
    await drained(t);

    const texts = (await remoteComments(fileId)).map((c) => [c.text, c.owner?.name]).sort();
    expect(texts).toEqual(
      [
        ['Mine, as the connected user', 'Alex Producer'],
        ['[A member] Trim two frames', 'Alex Producer'],
        ['[Casey Client (client)] Love the ending', 'Alex Producer'],
        ['[A member, reply to Casey Client] Will do', 'Alex Producer'],
        ['[Reply to Casey Client] Agreed', 'Alex Producer'],
      ].sort(),
    );
    // The echoes created nothing: five comments, five links, each once.
    expect(await localComments(owner, versionId)).toHaveLength(3);
    const links = await linksOf(owner);
    expect(links).toHaveLength(5);
    expect(new Set(links.map((l) => l.remote_id)).size).toBe(5);

    // A prefixed comment preroll has no link for (a link lost, say): it comes back as its author's.
    const lost = await t.sandbox.api(
      t.alexToken,
      'POST',
      `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}/comments`,
      { text: '[Dana Client (client), reply to Olive Owner] Looks great', timestamp: 5 },
    );
    expect(lost.status).toBe(201);
    // Someone else's text is theirs verbatim, brackets and all.
    const riley = await t.sandbox.api(
      t.rileyToken,
      'POST',
      `/v4/accounts/${SEED_IDS.accountId}/files/${fileId}/comments`,
      { text: '[Note] keep the music', timestamp: 6 },
    );
    expect(riley.status).toBe(201);
    const back = await waitFor('the two imported', async () => {
      const rows = await localComments(owner, versionId);
      const a = rows.find((c) => c.source === 'frameio' && c.frame === 4);
      const b = rows.find((c) => c.source === 'frameio' && c.frame === 5);
      return a && b ? { a, b } : undefined;
    });
    expect(back.a).toMatchObject({
      body: '[Reply to Olive Owner] Looks great',
      author: { name: 'Dana Client' },
    });
    expect(back.b).toMatchObject({ body: '[Note] keep the music', author: { name: 'Riley Reviewer' } });
    await drained(t);
    // Nothing was pushed back: Frame.io still has exactly the texts it had.
    expect((await remoteComments(fileId)).map((c) => c.text)).toContain(
      '[Dana Client (client), reply to Olive Owner] Looks great',
    );
    expect(await remoteComments(fileId)).toHaveLength(7);
  });
});
