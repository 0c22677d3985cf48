import { configFromEnv, type Log, type ServiceConfig } from '../context.ts';
import type { EventStore } from '../eventstore/types.ts';
import { type RunningService, startService } from '../server.ts';
import { memoryBackend, pgliteBackend, postgresBackend, type TestBackend } from './test-backends.ts';

/**
 * Test support: the real service (Hono app on @hono/node-server, port 0) over a fresh store,
 * and a tiny JSON client for it. Not imported by the service itself.
 */
export type BackendName = TestBackend['name'];

/** PGlite always, PostgreSQL too when DATABASE_URL is set (each test file gets its own schema). */
export function testBackends(): BackendName[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestService extends RunningService {
  api: Api;
}

const backends: Record<BackendName, () => TestBackend> = {
  memory: memoryBackend,
  pglite: pgliteBackend,
  postgres: postgresBackend,
};

/**
 * @example
 * const service = await startTestService('pglite', { maxRetries: 0 });
 * const { status, body } = await service.api.post('/customers', customer);
 * await service.close();
 */
export async function startTestService(
  backendName: BackendName,
  config: Partial<ServiceConfig> = {},
  options: { wrapStore?: (store: EventStore) => EventStore; log?: Log } = {},
): Promise<TestService> {
  const backend = backends[backendName]();
  const wrap = options.wrapStore ?? ((store: EventStore) => store);
  const serviceConfig = { ...configFromEnv({}), ...config };
  const running = await startService({
    // The store gets the config's database waits, as `node service/server.ts` gives them.
    openStore: async (storeOptions) =>
      wrap(
        await backend.open({
          ...storeOptions,
          connectionWaitMs: serviceConfig.databaseWaitMs,
          statementTimeoutMs: serviceConfig.statementTimeoutMs,
        }),
      ),
    config: serviceConfig,
    log: options.log ?? (() => {}),
  });
  return {
    ...running,
    api: createApi(running.url),
    close: async () => {
      await running.close();
      await backend.cleanup();
    },
  };
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: any;
}

export type Api = ReturnType<typeof createApi>;

/** fetch with JSON in and out; the body is always consumed so keep-alive sockets are reused. */
export function createApi(baseUrl: string) {
  async function request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> {
    const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await fetch(`${baseUrl}${path}`, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {}
    return { status: response.status, headers: response.headers, body: parsed };
  }
  return {
    request,
    get: (path: string, headers?: Record<string, string>) => request('GET', path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Record<string, string>) =>
      request('POST', path, body, headers),
    put: (path: string, body?: unknown, headers?: Record<string, string>) =>
      request('PUT', path, body, headers),
  };
}
