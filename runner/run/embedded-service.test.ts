import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RunnerError } from '../errors.ts';
import { startEmbeddedService } from './embedded-service.ts';
import { assertReachable } from './reachability.ts';

const fakeService = fileURLToPath(new URL('../testdata/fake-service.ts', import.meta.url));

describe('startEmbeddedService', () => {
  it('starts the script, reads its URL from the ready line, and stops it', async () => {
    const service = await startEmbeddedService({ script: fakeService });
    try {
      expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${service.url}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', path: '/health' });
      expect(await service.cpuSeconds()).toBeGreaterThanOrEqual(0);
    } finally {
      await service.stop();
    }
    await expect(assertReachable(service.url, 500)).rejects.toThrow(/unreachable/);
  });

  it('runs on in-memory PGlite even when the shell exports a DATABASE_URL', async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'postgres://someone@127.0.0.1:5432/their_database';
    try {
      const service = await startEmbeddedService({ script: fakeService });
      try {
        const env = await (await fetch(`${service.url}/env`)).json();
        expect(env).toEqual({ DATABASE_URL: null, DATA_DIR: 'memory://' });
      } finally {
        await service.stop();
      }
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });

  it('names the script and its last output when the service dies before it is ready', async () => {
    const failure = startEmbeddedService({ script: fakeService, env: { FAKE_SERVICE_MODE: 'crash' } });
    await expect(failure).rejects.toBeInstanceOf(RunnerError);
    await expect(failure).rejects.toThrow(/exited before it was ready \(exit code 7\).*crashing on purpose/);
  });

  it('gives up when no ready line comes in time', async () => {
    const failure = startEmbeddedService({
      script: fakeService,
      env: { FAKE_SERVICE_MODE: 'silent' },
      startTimeoutSeconds: 1,
    });
    await expect(failure).rejects.toThrow(/printed no ready line within 1 s/);
  });
});

describe('assertReachable', () => {
  it('rejects a host that is not a URL as a usage error', async () => {
    await expect(assertReachable('localhost:8000')).rejects.toMatchObject({
      code: 'HOST_INVALID',
      exitCode: 2,
    });
  });

  it('rejects a closed port with exit code 3', async () => {
    await expect(assertReachable('http://127.0.0.1:1', 500)).rejects.toMatchObject({
      code: 'TARGET_UNREACHABLE',
      exitCode: 3,
    });
  });
});
