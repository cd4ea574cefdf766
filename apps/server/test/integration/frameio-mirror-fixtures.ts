import { expect } from 'vitest';
import { signUp } from '../helpers/test-app.ts';
import { makeClient, makeDeliverable, makeEpisode, makeShow } from './domain-fixtures.ts';
import { connectActive } from './frameio-fixtures.ts';
import { links, type ReviewEnv, waitFor } from './frameio-review-fixtures.ts';

export const uniq = () => Math.random().toString(36).slice(2, 8);
type Owner = Awaited<ReturnType<typeof signUp>>;

/**
 * The mirroring and review link specs' steps, bound to the test file's environment: `env` is read
 * on each call, so the helpers can be made before beforeAll has started it.
 */
export function mirrorHelpers(env: () => ReviewEnv) {
  async function connectedOwner(): Promise<Owner> {
    const t = env();
    const owner = await signUp(t.app);
    await connectActive(t, owner.client);
    return owner;
  }

  async function tree(owner: Owner, titles: { show?: string; episode?: string } = {}) {
    const client = await makeClient(owner.client, { name: `Client ${uniq()}` });
    const show = await makeShow(owner.client, client.id, { title: titles.show ?? `Show ${uniq()}` });
    const episode = await makeEpisode(owner.client, show.id, {
      title: titles.episode ?? `Episode ${uniq()}`,
    });
    const deliverable = await makeDeliverable(owner.client, episode.id, { title: `Cut ${uniq()}` });
    return { client, show, episode, deliverable };
  }

  async function sendAndWait(
    owner: Owner,
    versionId: string,
    until: 'uploaded' | 'transcoded' = 'transcoded',
  ) {
    const sent = await owner.client.post(`/api/v1/versions/${versionId}/frameio`);
    expect(sent.status, sent.text).toBe(202);
    return waitFor(`version ${versionId} ${until}`, async () => {
      const s = await owner.client.get(`/api/v1/versions/${versionId}/frameio`);
      expect(s.status).toBe(200);
      if (s.body.data.status === 'failed')
        throw new Error(`upload failed: ${JSON.stringify(s.body.data.error)}`);
      const done = until === 'uploaded' ? ['uploaded', 'transcoded'] : ['transcoded'];
      return done.includes(s.body.data.status) && s.body.data.review_link ? s.body.data : undefined;
    });
  }

  const linkOf = async (orgId: string, localId: string, remoteType: string) =>
    (await links(env().app, orgId)).find((l) => l.local_id === localId && l.remote_type === remoteType);

  return { connectedOwner, tree, sendAndWait, linkOf };
}
