import { describe, expect, it } from 'vitest';
import { FrameioError } from '../src/index.ts';
import { testClient } from './helpers/client-factory.ts';
import { ok } from './helpers/scripted-fetch.ts';

const page = (ids: string[], next: string | null) => ({
  status: 200,
  body: { data: ids.map((id) => ({ id })), links: { next } },
});
const NEXT2 =
  '/v4/accounts/acc/folders/root/children?after=g3QAAAACZAAGb2Zmc2V0YQVkAAR0eXBlZAANb2Zmc2V0X2N1cnNvcg%3D%3D';
const NEXT3 = '/v4/accounts/acc/folders/root/children?after=cursor-3';

describe('pagination', () => {
  it('follows relative links.next across 3 pages, re-adding page_size, include and the other params (frameio-api-notes.md, "Pagination")', async () => {
    const { client, transport, clock } = testClient([
      page(['a', 'b'], NEXT2),
      page(['c', 'd'], NEXT3),
      page(['e'], null),
    ]);
    const ids: string[] = [];
    await clock.run(
      (async () => {
        for await (const child of client.folders.iterateChildren('acc', 'root', {
          page_size: 2,
          include: ['media_links.thumbnail', 'metadata'],
          type: ['file', 'version_stack'],
        })) {
          ids.push(child.id);
        }
      })(),
    );
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'e']);
    const qs = transport.requests.map((r) => Object.fromEntries(r.url.searchParams));
    expect(qs[0]).toEqual({
      page_size: '2',
      include: 'media_links.thumbnail,metadata',
      type: 'file,version_stack',
    });
    expect(qs[1]).toEqual({
      after: 'g3QAAAACZAAGb2Zmc2V0YQVkAAR0eXBlZAANb2Zmc2V0X2N1cnNvcg==',
      page_size: '2',
      include: 'media_links.thumbnail,metadata',
      type: 'file,version_stack',
    });
    expect(qs[2]).toMatchObject({
      after: 'cursor-3',
      page_size: '2',
      include: 'media_links.thumbnail,metadata',
    });
    // The opaque cursor travels exactly as the server encoded it.
    expect(transport.requests[1]?.url.search).toContain(
      'after=g3QAAAACZAAGb2Zmc2V0YQVkAAR0eXBlZAANb2Zmc2V0X2N1cnNvcg%3D%3D',
    );
    expect(transport.requests.every((r) => r.url.pathname === '/v4/accounts/acc/folders/root/children')).toBe(
      true,
    );
  });

  it('keeps a parameter the server did carry in the link', async () => {
    const { client, transport, clock } = testClient([
      page(['a'], '/v4/accounts/acc/files/f/comments?after=x&page_size=1'),
      page(['b'], null),
    ]);
    const all: string[] = [];
    await clock.run(
      (async () => {
        for await (const c of client.comments.iterate('acc', 'f', { page_size: 50, include: 'owner' }))
          all.push(c.id);
      })(),
    );
    expect(all).toEqual(['a', 'b']);
    expect(transport.requests[1]?.url.searchParams.get('page_size')).toBe('1');
    expect(transport.requests[1]?.url.searchParams.get('include')).toBe('owner');
  });

  it('list() returns one page with links and total_count', async () => {
    const { client, clock } = testClient([
      { status: 200, body: { data: [{ id: 'w' }], links: { next: null }, total_count: 1 } },
    ]);
    await expect(clock.run(client.workspaces.list('acc', { include_total_count: true }))).resolves.toEqual({
      data: [{ id: 'w' }],
      links: { next: null },
      total_count: 1,
    });
  });

  it('keeps the base URL path prefix when following links', async () => {
    const { client, transport, clock } = testClient(
      [page(['a'], '/v4/accounts?after=2'), page(['b'], null)],
      {
        baseUrl: 'https://proxy.test/frameio/',
      },
    );
    const ids: string[] = [];
    await clock.run(
      (async () => {
        for await (const a of client.accounts.iterate()) ids.push(a.id);
      })(),
    );
    expect(ids).toEqual(['a', 'b']);
    expect(transport.requests.map((r) => r.url.pathname)).toEqual([
      '/frameio/v4/accounts',
      '/frameio/v4/accounts',
    ]);
  });

  it('refuses to send the token to another host named by links.next', async () => {
    const { client, transport, clock } = testClient([page(['a'], 'https://evil.test/v4/accounts?after=2')]);
    const run = (async () => {
      for await (const _ of client.accounts.iterate()) {
        // consume
      }
    })();
    await expect(clock.run(run)).rejects.toBeInstanceOf(FrameioError);
    expect(transport.requests).toHaveLength(1);
  });

  it('stops on a link that repeats itself instead of looping forever', async () => {
    const { client, clock } = testClient([
      page(['a'], '/v4/accounts?after=1'),
      page(['b'], '/v4/accounts?after=1'),
    ]);
    const run = (async () => {
      for await (const _ of client.accounts.iterate()) {
        // consume
      }
    })();
    await expect(clock.run(run)).rejects.toThrow(/pagination loop/);
  });

  it('an empty page with no next ends the iteration', async () => {
    const { client, clock } = testClient([ok([])]);
    const items: unknown[] = [];
    await clock.run(
      (async () => {
        for await (const s of client.shares.iterate('acc', 'p')) items.push(s);
      })(),
    );
    expect(items).toEqual([]);
  });
});
