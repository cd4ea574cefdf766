import fs from 'node:fs';
import path from 'node:path';
import type { TestClient } from '../../apps/server/test/helpers/http-client.ts';
import type { TestApp } from '../../apps/server/test/helpers/test-app.ts';

export const PASSWORD = 'correct horse battery';

interface Row {
  id: string;
  [k: string]: unknown;
}

async function ok<T = Row>(
  p: Promise<{ status: number; body: unknown; text: string }>,
  expected: number[] = [200, 201],
): Promise<T> {
  const res = await p;
  if (!expected.includes(res.status)) throw new Error(`seed request failed: ${res.status} ${res.text}`);
  return (res.body as { data: T } | undefined)?.data as T;
}

let n = 0;

/** A producer with their organization, signed up over the API (their own cookie jar). */
export async function seedProducer(app: TestApp, name = 'Pat Producer') {
  n += 1;
  const client = app.client();
  const email = `producer${n}-${Date.now()}@example.test`;
  const me = await ok<{ user: { id: string } }>(
    client.post('/api/v1/auth/signup', { email, password: PASSWORD, name, organization_name: `Studio ${n}` }),
  );
  return { api: client, email, userId: me.user.id as string };
}

/** Client → show → episode → deliverable, over the API. */
export async function seedTree(
  api: TestClient,
  names: { client?: string; show?: string; episode?: string; deliverable?: string } = {},
) {
  const client = await ok(api.post('/api/v1/clients', { name: names.client ?? 'Acme Podcasts' }));
  const show = await ok(
    api.post(`/api/v1/clients/${client.id}/shows`, { title: names.show ?? 'The Long Take' }),
  );
  const episode = await ok(
    api.post(`/api/v1/shows/${show.id}/episodes`, { title: names.episode ?? 'Pilot', number: 1 }),
  );
  const deliverable = await ok(
    api.post(`/api/v1/episodes/${episode.id}/deliverables`, {
      title: names.deliverable ?? 'Main cut',
      kind: 'cut',
    }),
  );
  return { client, show, episode, deliverable } as {
    client: { id: string; name: string };
    show: { id: string; title: string };
    episode: { id: string; title: string };
    deliverable: { id: string; title: string };
  };
}

function tusMeta(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');
}

/** Uploads a file with the tus protocol (one POST, one PATCH) and waits for the version to be ready. */
export async function seedVersion(api: TestClient, deliverableId: string, file: string) {
  const bytes = fs.readFileSync(file);
  const created = await api.request('POST', '/api/v1/uploads', undefined, {
    headers: {
      'tus-resumable': '1.0.0',
      'upload-length': String(bytes.length),
      'upload-metadata': tusMeta({
        deliverable_id: deliverableId,
        filename: path.basename(file),
        filetype: 'video/mp4',
      }),
    },
  });
  if (created.status !== 201) throw new Error(`tus create failed: ${created.status} ${created.text}`);
  const location = new URL(created.headers.get('location') ?? '', `${api.baseUrl}/api/v1/uploads/`).pathname;
  const patched = await api.request('PATCH', location, undefined, {
    raw: bytes,
    headers: {
      'tus-resumable': '1.0.0',
      'upload-offset': '0',
      'content-type': 'application/offset+octet-stream',
    },
  });
  if (patched.status !== 204) throw new Error(`tus patch failed: ${patched.status} ${patched.text}`);
  return waitForReadyVersion(api, deliverableId, patched.headers.get('preroll-version-id') ?? undefined);
}

export interface SeededVersion {
  id: string;
  number: number;
  status: string;
  frame_rate: string;
  duration_frames: number;
}

/** The version `versionId` (or else the newest one) once it is ready. */
export async function waitForReadyVersion(
  api: TestClient,
  deliverableId: string,
  versionId?: string,
  timeoutMs = 30_000,
) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await api.get(`/api/v1/deliverables/${deliverableId}/versions`);
    const rows = [...((res.body?.data ?? []) as SeededVersion[])]
      .filter((v) => !versionId || v.id === versionId)
      .sort((a, b) => b.number - a.number);
    const ready = rows[0]?.status === 'ready' ? rows[0] : undefined;
    if (ready) return ready;
    const failed = rows.find((v) => v.status === 'failed');
    if (failed) throw new Error(`version failed: ${JSON.stringify(failed)}`);
    if (Date.now() > until) throw new Error(`no ready version: ${res.status} ${res.text}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Adds a portal contact for the client, sends a magic link, and reads its token from the dev outbox. */
export async function seedMagicLink(
  api: TestClient,
  clientId: string,
  email = `client-${Date.now()}@example.test`,
  name = 'Casey Client',
) {
  const user = await ok(api.post(`/api/v1/clients/${clientId}/portal-users`, { email, name }));
  await ok(api.post(`/api/v1/portal-users/${user.id}/magic-link`));
  const token = await magicLinkTokenFor(api, email);
  return { user, email, name, token };
}

export async function magicLinkTokenFor(api: TestClient, email: string): Promise<string> {
  const mails = await ok<{ to_address: string; body_text: string; created_at: string }[]>(
    api.get('/api/v1/dev/outbox'),
  );
  const mail = mails
    .filter((m) => m.to_address === email)
    .sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
  const token = mail?.body_text.match(/\/portal\/login\?token=([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error(`no magic link for ${email} in the outbox`);
  return token;
}

export { ok as expectOk };
