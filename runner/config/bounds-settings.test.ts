import { describe, expect, it } from 'vitest';
import { resolveRunConfig } from './run-config.ts';

const options = { cpuCount: 2, randomSeed: () => 1 };

describe('the bounds of a run', () => {
  it('default to 8 MiB bodies, 30 redirects, certificates checked, 1000 names, 60 s hooks', () => {
    expect(resolveRunConfig(undefined, {}, options).bounds).toEqual({
      http: { maxResponseBytes: 8_388_608, maxRedirects: 30, insecure: false },
      maxNames: 1000,
      hookTimeoutSeconds: 60,
    });
  });

  it('read sizes with units; a flag wins over the profile', () => {
    const profile = {
      name: 'p',
      max_response_bytes: '512KiB',
      max_redirects: 5,
      insecure: true,
      max_names: 50,
      hook_timeout: '2m',
    };
    expect(resolveRunConfig(profile, { maxResponseBytes: '1.5MB', maxNames: '7' }, options).bounds).toEqual({
      http: { maxResponseBytes: 1_500_000, maxRedirects: 5, insecure: true },
      maxNames: 7,
      hookTimeoutSeconds: 120,
    });
  });

  it('name every bad flag at once', () => {
    expect(() =>
      resolveRunConfig(
        undefined,
        { maxResponseBytes: '8 parsecs', maxRedirects: '-1', hookTimeout: '0' },
        options,
      ),
    ).toThrow(/max-response-bytes: must be a size in bytes such as 8388608, 512KiB or 8MiB, got "8 parsecs"/);
    expect(() => resolveRunConfig(undefined, { maxRedirects: '-1', hookTimeout: '0' }, options)).toThrow(
      '--hook-timeout: must be more than 0 seconds\n--max-redirects: must be a whole number ≥ 0, got "-1"',
    );
  });
});
