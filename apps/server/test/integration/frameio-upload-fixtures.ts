import { expect } from 'vitest';
import { signUp } from '../helpers/test-app.ts';
import { makeClient, makeDeliverable, makeEpisode, makeShow } from './domain-fixtures.ts';
import { connectActive } from './frameio-fixtures.ts';
import { type ReviewEnv, waitFor } from './frameio-review-fixtures.ts';

export const MiB = 1024 * 1024;

const uniq = () => Math.random().toString(36).slice(2, 8);
type Owner = Awaited<ReturnType<typeof signUp>>;

/**
 * The Send to Frame.io specs' steps, bound to the test file's environment: `env` is read on each
 * call, so the helpers can be made before beforeAll has started it.
 */
export function uploadHelpers(env: () => ReviewEnv) {
  async function setup(): Promise<{ owner: Owner; deliverableId: string }> {
    const t = env();
    const owner = await signUp(t.app);
    await connectActive(t, owner.client);
    const client = await makeClient(owner.client, { name: `Client ${uniq()}` });
    const show = await makeShow(owner.client, client.id, { title: `Show ${uniq()}` });
    const episode = await makeEpisode(owner.client, show.id, { title: `Episode ${uniq()}` });
    const deliverable = await makeDeliverable(owner.client, episode.id, { title: `Cut ${uniq()}` });
    return { owner, deliverableId: deliverable.id };
  }

  const state = async (owner: Owner, versionId: string) => {
    const res = await owner.client.get(`/api/v1/versions/${versionId}/frameio`);
    expect(res.status).toBe(200);
    return res.body.data;
  };

  const untilStatus = (owner: Owner, versionId: string, statuses: string[], ms = 60_000) =>
    waitFor(
      `${versionId} in ${statuses.join('|')}`,
      async () => {
        const s = await state(owner, versionId);
        return statuses.includes(s.status) ? s : undefined;
      },
      ms,
    );

  const facts = (fileId: string) => env().sandbox.control.uploadFacts(fileId);

  return { setup, state, untilStatus, facts };
}
