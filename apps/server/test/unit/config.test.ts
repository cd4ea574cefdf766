import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';

describe('config', () => {
  it('has working defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.frameio.scopes).toBe('openid profile offline_access additional_info.roles email');
  });

  it('reports every problem at once', () => {
    try {
      loadConfig({
        PORT: 'abc',
        DATABASE_URL: 'mysql://x',
        PREROLL_SECRET_KEY: 'short',
        PUBLIC_URL: 'not a url',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'PREROLL_SECRET_KEY', 'PUBLIC_URL'])
        expect(problems).toContain(name);
    }
  });

  it('re-checks open SSE streams every 60 s unless PREROLL_SSE_RECHECK_SECONDS says otherwise (1–3600)', () => {
    expect(loadConfig({}).sseRecheckMs).toBe(60_000);
    expect(loadConfig({ PREROLL_SSE_RECHECK_SECONDS: '5' }).sseRecheckMs).toBe(5_000);
    for (const bad of ['0', '3601', '1.5', 'soon']) {
      expect(() => loadConfig({ PREROLL_SSE_RECHECK_SECONDS: bad }), bad).toThrow(
        /PREROLL_SSE_RECHECK_SECONDS/,
      );
    }
  });

  it('requires the Frame.io id and secret together', () => {
    expect(() => loadConfig({ FRAMEIO_CLIENT_ID: 'abc' })).toThrow(
      /FRAMEIO_CLIENT_ID and FRAMEIO_CLIENT_SECRET/,
    );
  });

  it('strips a trailing slash from PUBLIC_URL (the OAuth redirect URI must match exactly)', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://preroll.example.com/' }).publicUrl).toBe(
      'https://preroll.example.com',
    );
  });

  it('targets the local sandbox with its seeded client when no Frame.io app is configured', () => {
    const { frameio } = loadConfig({ SANDBOX_PORT: '4999', PUBLIC_URL: 'http://localhost:3000' });
    expect(frameio).toMatchObject({
      mode: 'sandbox',
      clientId: 'preroll-local',
      apiUrl: 'http://127.0.0.1:4999',
      imsUrl: 'http://127.0.0.1:4999/ims',
      redirectUri: 'http://localhost:3000/api/integrations/frameio/callback',
    });
  });

  it('targets Adobe IMS and api.frame.io with FRAMEIO_CLIENT_ID/SECRET', () => {
    const { frameio } = loadConfig({
      FRAMEIO_CLIENT_ID: 'abc',
      FRAMEIO_CLIENT_SECRET: 'shh',
      PUBLIC_URL: 'https://preroll.example.com',
    });
    expect(frameio).toMatchObject({
      mode: 'adobe',
      clientId: 'abc',
      apiUrl: 'https://api.frame.io',
      imsUrl: 'https://ims-na1.adobelogin.com',
      redirectUri: 'https://preroll.example.com/api/integrations/frameio/callback',
    });
  });

  it('lets FRAMEIO_API_URL / FRAMEIO_IMS_URL override the endpoints (trailing slashes dropped)', () => {
    const { frameio } = loadConfig({
      FRAMEIO_API_URL: 'http://127.0.0.1:5555/',
      FRAMEIO_IMS_URL: 'http://127.0.0.1:5555/ims/',
    });
    expect(frameio).toMatchObject({
      apiUrl: 'http://127.0.0.1:5555',
      imsUrl: 'http://127.0.0.1:5555/ims',
      urlsFromEnv: true,
    });
  });

  it('bounds uploads: 200 GiB maximum, 7-day expiry, 1 GiB disk reserve by default; each settable', () => {
    expect(loadConfig({}).uploads).toEqual({
      maxBytes: 200 * 1024 ** 3,
      expiryMs: 7 * 24 * 3_600_000,
      diskReserveBytes: 1024 ** 3,
    });
    expect(
      loadConfig({
        PREROLL_MAX_UPLOAD_BYTES: '1000',
        PREROLL_UPLOAD_EXPIRY_HOURS: '2',
        PREROLL_UPLOAD_DISK_RESERVE_BYTES: '0',
      }).uploads,
    ).toEqual({ maxBytes: 1000, expiryMs: 7_200_000, diskReserveBytes: 0 });
  });

  it('refuses upload bounds that are not whole positive numbers, all reported together', () => {
    try {
      loadConfig({
        PREROLL_MAX_UPLOAD_BYTES: '0',
        PREROLL_UPLOAD_EXPIRY_HOURS: '1.5',
        PREROLL_UPLOAD_DISK_RESERVE_BYTES: '-1',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const name of [
        'PREROLL_MAX_UPLOAD_BYTES',
        'PREROLL_UPLOAD_EXPIRY_HOURS',
        'PREROLL_UPLOAD_DISK_RESERVE_BYTES',
      ])
        expect(problems).toContain(name);
    }
  });
});
