import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemo } from '../../src/seed/demo-seed.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('demo seed', () => {
  it('creates a demo organization with a client, a show, two episodes and a deliverable, once', async () => {
    const first = await seedDemo(app.preroll.services, app.preroll.store);
    expect(first).toMatchObject({ email: DEMO_EMAIL, password: DEMO_PASSWORD, created: true });
    const second = await seedDemo(app.preroll.services, app.preroll.store);
    expect(second.created).toBe(false);

    const client = app.client();
    const login = await client.post('/api/v1/auth/login', { email: DEMO_EMAIL, password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    const clients = await client.get('/api/v1/clients');
    expect(clients.body.data).toHaveLength(1);
    const shows = await client.get(`/api/v1/shows?client_id=${clients.body.data[0].id}`);
    expect(shows.body.data.map((s: { title: string }) => s.title)).toEqual(['The Long Take']);
    const episodes = await client.get(`/api/v1/episodes?show_id=${shows.body.data[0].id}`);
    expect(episodes.body.data).toHaveLength(2);
    const deliverables = await client.get('/api/v1/deliverables');
    expect(deliverables.body.data).toHaveLength(1);
    expect(deliverables.body.data[0]).toMatchObject({ title: 'Picture lock v1', status: 'draft' });
  });
});
