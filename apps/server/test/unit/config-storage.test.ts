import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';

/** PREROLL_STORAGE and the S3 settings (docs/deploy.md, "Storage"). */
describe('storage config', () => {
  it('is the local data dir by default', () => {
    expect(loadConfig({}).storage).toEqual({ kind: 'local' });
  });

  it('reads every S3 setting', () => {
    const config = loadConfig({
      PREROLL_STORAGE: 's3',
      PREROLL_S3_BUCKET: 'media',
      PREROLL_S3_ENDPOINT: 'http://minio:9000',
      PREROLL_S3_REGION: 'eu-west-1',
      PREROLL_S3_ACCESS_KEY_ID: 'id',
      PREROLL_S3_SECRET_ACCESS_KEY: 'secret',
      PREROLL_S3_FORCE_PATH_STYLE: 'on',
    });
    expect(config.storage).toEqual({
      kind: 's3',
      bucket: 'media',
      endpoint: 'http://minio:9000',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
      forcePathStyle: true,
    });
  });

  it('leaves credentials to the AWS SDK chain when none are set', () => {
    const config = loadConfig({ PREROLL_STORAGE: 's3', PREROLL_S3_BUCKET: 'media' });
    expect(config.storage).toMatchObject({ kind: 's3', credentials: undefined, region: 'us-east-1' });
  });

  it('refuses S3 without a bucket, half a credential, or a bad endpoint, naming each', () => {
    try {
      loadConfig({ PREROLL_STORAGE: 's3', PREROLL_S3_ACCESS_KEY_ID: 'id' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toContain('PREROLL_S3_BUCKET');
      expect(problems).toContain('PREROLL_S3_SECRET_ACCESS_KEY');
    }
    expect(() =>
      loadConfig({ PREROLL_STORAGE: 's3', PREROLL_S3_BUCKET: 'b', PREROLL_S3_ENDPOINT: 'nope' }),
    ).toThrow(/PREROLL_S3_ENDPOINT/);
    expect(() => loadConfig({ PREROLL_STORAGE: 'ftp' })).toThrow(/PREROLL_STORAGE/);
  });
});
