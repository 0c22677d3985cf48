import { describe, expect, it } from 'vitest';
import { resolveBounds } from './bounds-settings.ts';

describe('resolveBounds', () => {
  it('fills the defaults: 8 MiB bodies, 30 redirects, certificates checked, 1000 names, 60 s hooks', () => {
    expect(resolveBounds({ name: 'p' }, {}).bounds).toEqual({
      http: { maxResponseBytes: 8_388_608, maxRedirects: 30, insecure: false },
      maxNames: 1000,
      hookTimeoutSeconds: 60,
    });
  });

  it('reads sizes with units and lets a flag win over the profile', () => {
    const { bounds } = resolveBounds(
      {
        name: 'p',
        max_response_bytes: '512KiB',
        max_redirects: 5,
        insecure: true,
        max_names: 50,
        hook_timeout: '2m',
      },
      { maxResponseBytes: '1.5MB', maxNames: '7' },
    );
    expect(bounds).toEqual({
      http: { maxResponseBytes: 1_500_000, maxRedirects: 5, insecure: true },
      maxNames: 7,
      hookTimeoutSeconds: 120,
    });
  });

  it('names every bad value at once, flag or profile field', () => {
    expect(() =>
      resolveBounds(
        { name: 'p', max_names: 0 },
        { maxResponseBytes: '8 parsecs', maxRedirects: '-1', hookTimeout: '0' },
      ),
    ).toThrow(
      [
        '--hook-timeout: must be more than 0 seconds',
        '--max-response-bytes: must be a size in bytes such as 8388608, 512KiB or 8MiB, got "8 parsecs"',
        '--max-redirects: must be a whole number ≥ 0, got "-1"',
        'profile p: max_names: must be a whole number ≥ 1, got "0"',
      ].join('\n'),
    );
  });
});
