import type { ServerOptions } from 'node:http';
import type { ServiceConfig } from '../context.ts';

/**
 * Node's own limits are made for anything but a load target: 300 s to receive a request and a
 * check of that only every 30 s, so a body sent at one byte a second held a connection for
 * 5.5 minutes. Ours (see ServiceConfig): headers within 10 s, the whole request within 30 s
 * (both answered 408 and closed, checked every second), idle keep-alive connections kept 65 s
 * — longer than the idle time of any load client we know, so a client never writes into a
 * connection the server is closing at that moment.
 *
 * @example
 * serve({ fetch: app.fetch, port: 0, serverOptions: serverTimeouts(ctx.config) });
 */
export function serverTimeouts(config: ServiceConfig): ServerOptions {
  const requestTimeout = config.requestTimeoutMs;
  return {
    requestTimeout,
    // Node refuses a headers timeout above a set request timeout.
    headersTimeout:
      requestTimeout > 0 ? Math.min(config.headersTimeoutMs, requestTimeout) : config.headersTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(requestTimeout / 4) || 1000)),
  };
}
