import { describe, expect, it } from 'vitest';
import { redactSignedUrls } from '../../src/repositories/redact-signed-urls.ts';

/** ffmpeg's words about a presigned S3 input reach the log without the signature. */
describe('redactSignedUrls', () => {
  it('replaces the query of every URL, keeping the object it names', () => {
    const stderr =
      'http://127.0.0.1:9000/media/tus/abc?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=KEY%2F20261207&X-Amz-Signature=deadbeef: Invalid data found when processing input';
    const out = redactSignedUrls(stderr);
    expect(out).toBe(
      'http://127.0.0.1:9000/media/tus/abc?[redacted]: Invalid data found when processing input',
    );
    expect(out).not.toMatch(/Signature|Credential|deadbeef/);
  });

  it('leaves local paths and text without URLs alone', () => {
    const stderr = '/data/uploads/tus/abc: Invalid data found when processing input';
    expect(redactSignedUrls(stderr)).toBe(stderr);
  });
});
