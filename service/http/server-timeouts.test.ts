import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../context.ts';
import { serverTimeouts } from './server-timeouts.ts';

describe('serverTimeouts', () => {
  it('defaults: headers 10 s, whole request 30 s, idle keep-alive 65 s, checked every second', () => {
    expect(serverTimeouts(configFromEnv({}))).toEqual({
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      keepAliveTimeout: 65_000,
      connectionsCheckingInterval: 1000,
    });
  });

  it('from the environment; a headers timeout above the request timeout is lowered to it', () => {
    const env = { HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '2000', KEEP_ALIVE_TIMEOUT_MS: '7000' };
    expect(serverTimeouts(configFromEnv(env))).toEqual({
      headersTimeout: 2000,
      requestTimeout: 2000,
      keepAliveTimeout: 7000,
      connectionsCheckingInterval: 500,
    });
  });
});
