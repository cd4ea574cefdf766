import { describe, expect, it } from 'vitest';
import { safeNext } from '../src/pages/login-page.tsx';

describe('safeNext', () => {
  it('follows in-app paths only', () => {
    expect(safeNext('/episodes/1?tab=activity')).toBe('/episodes/1?tab=activity');
    expect(safeNext('/invite/abc')).toBe('/invite/abc');
    for (const bad of [
      null,
      '',
      'https://evil.test',
      '//evil.test',
      '/\\evil.test',
      '\\\\evil.test',
      'javascript:alert(1)',
    ]) {
      expect(safeNext(bad)).toBe('/clients');
    }
  });
});
