import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planParts, type Sandbox, startSandbox } from '../src/index.ts';
import { ApiClient } from './helpers/api-client.ts';
import { createProject, P, waitForStatus } from './helpers/fixtures.ts';

let sb: Sandbox;
let api: ApiClient;

beforeAll(async () => {
  sb = await startSandbox({ port: 0, transcodeDelayMs: 30 });
  api = new ApiClient(sb.url, sb.control.mintTokens({ client_id: 'preroll-local' }).access_token);
});
afterAll(async () => {
  await sb.close();
});

async function placeholder(
  name: string,
  size: number,
): Promise<{ id: string; media_type: string; upload_urls: { url: string; size: number }[] }> {
  const p = await createProject(api, sb, `Up ${name}`);
  const r = await api.call('POST', P.localUpload, {
    params: { account_id: sb.seed.accountId, folder_id: p.root_folder_id },
    body: { data: { name, file_size: size } },
  });
  return r.body.data;
}

const put = (url: string, body: Buffer, headers: Record<string, string>) =>
  fetch(url, { method: 'PUT', headers, body: body as unknown as BodyInit });

describe('part plan', () => {
  it('matches the reference data point and always sums to file_size', () => {
    expect(planParts(50_645_990)).toEqual([16_881_997, 16_881_997, 16_881_996]);
    expect(planParts(1)).toEqual([1]);
    expect(planParts(9_999_999)).toHaveLength(1);
    expect(planParts(5_000_000_000_000)).toHaveLength(10_000);
    for (const size of [
      1,
      20 * 1024 * 1024,
      20 * 1024 * 1024 + 1,
      209_715_200,
      123_456_789,
      5_000_000_000_000,
    ]) {
      const parts = planParts(size);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(size);
      expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(parts.length);
      expect(parts.every((p) => p > 0)).toBe(true);
    }
  });
});

describe('fake S3 PUT rules', () => {
  it('requires x-amz-acl, the exact Content-Type, a valid signature and the exact length (403 XML)', async () => {
    const f = await placeholder('a.mp4', 1000);
    const url = f.upload_urls[0]!.url;
    const bytes = randomBytes(1000);
    const noAcl = await put(url, bytes, { 'content-type': 'video/mp4' });
    expect(noAcl.status).toBe(403);
    expect(await noAcl.text()).toMatch(/<Error><Code>SignatureDoesNotMatch<\/Code>/);
    expect(
      (await put(url, bytes, { 'content-type': 'application/octet-stream', 'x-amz-acl': 'private' })).status,
    ).toBe(403);
    expect(
      (await put(url, bytes.subarray(0, 999), { 'content-type': 'video/mp4', 'x-amz-acl': 'private' }))
        .status,
    ).toBe(403);
    expect(
      (
        await put(url.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=00'), bytes, {
          'content-type': 'video/mp4',
          'x-amz-acl': 'private',
        })
      ).status,
    ).toBe(403);
    expect(sb.control.uploadFacts(f.id).status).toBe('created');
    const ok = await put(url, bytes, { 'content-type': 'video/mp4', 'x-amz-acl': 'private' });
    expect(ok.status).toBe(200);
    await waitForStatus(api, sb, f.id, 'uploaded');
    expect(sb.control.uploadFacts(f.id).sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('refuses expired URLs (ttl via control, or expire now)', async () => {
    const f = await placeholder('b.mp4', 10);
    sb.control.expireUploadUrls(f.id);
    const r = await put(f.upload_urls[0]!.url, Buffer.alloc(10), {
      'content-type': 'video/mp4',
      'x-amz-acl': 'private',
    });
    expect(r.status).toBe(403);
    expect(await r.text()).toContain('Request has expired');
    sb.control.setUploadUrlTtl(5);
    const g = await placeholder('c.mp4', 10);
    sb.control.advanceClock(6000);
    try {
      expect(
        (
          await put(g.upload_urls[0]!.url, Buffer.alloc(10), {
            'content-type': 'video/mp4',
            'x-amz-acl': 'private',
          })
        ).status,
      ).toBe(403);
    } finally {
      sb.control.advanceClock(-6000);
      sb.control.setUploadUrlTtl(86400);
    }
  });

  it('accepts parts concurrently, out of order and repeated; assembles exactly; counts PUTs', async () => {
    const size = 45 * 1024 * 1024 + 17;
    const bytes = randomBytes(size);
    const f = await placeholder('multi.mov', size);
    expect(f.upload_urls).toHaveLength(3);
    const offsets = f.upload_urls.map((_, i) => f.upload_urls.slice(0, i).reduce((a, u) => a + u.size, 0));
    const h = { 'content-type': 'video/quicktime', 'x-amz-acl': 'private' };
    const order = [2, 0, 1, 2];
    const results = await Promise.all(
      order.map((i) =>
        put(f.upload_urls[i]!.url, bytes.subarray(offsets[i], offsets[i]! + f.upload_urls[i]!.size), h),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await waitForStatus(api, sb, f.id, 'transcoded');
    const facts = sb.control.uploadFacts(f.id);
    expect(facts.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(facts.parts.map((p) => p.puts)).toEqual([1, 1, 2]);
    // repeating a part after completion is harmless
    expect((await put(f.upload_urls[0]!.url, bytes.subarray(0, f.upload_urls[0]!.size), h)).status).toBe(200);
    expect(sb.control.uploadFacts(f.id).sha256).toBe(facts.sha256);
  });
});

describe('media links', () => {
  it('streams the assembled bytes with Range support; links are null until transcoded', async () => {
    const bytes = randomBytes(5000);
    const f = await placeholder('clip.mp4', bytes.length);
    await put(f.upload_urls[0]!.url, bytes, { 'content-type': 'video/mp4', 'x-amz-acl': 'private' });
    await waitForStatus(api, sb, f.id, 'transcoded');
    const show = await api.call('GET', P.file, {
      params: { account_id: sb.seed.accountId, file_id: f.id },
      query: { include: 'media_links.original,media_links.efficient,media_links.thumbnail' },
    });
    const inline = show.body.data.media_links.original.inline_url as string;
    const full = await fetch(inline);
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await full.arrayBuffer()).equals(bytes)).toBe(true);
    const part = await fetch(inline, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/5000');
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
    const tail = await fetch(inline, { headers: { range: 'bytes=-10' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(4990))).toBe(true);
    expect((await fetch(inline, { headers: { range: 'bytes=6000-' } })).status).toBe(416);
    const dl = await fetch(show.body.data.media_links.original.download_url);
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment/);
    await dl.arrayBuffer();
    expect((await fetch(inline.replace(/sig=[0-9a-f]+/, 'sig=00'))).status).toBe(403);
    const thumb = await fetch(show.body.data.media_links.thumbnail.url);
    expect(thumb.headers.get('content-type')).toContain('image/svg+xml');
    await thumb.arrayBuffer();
  });
});
