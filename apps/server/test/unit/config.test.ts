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
});
