import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RunnerError } from '../errors.ts';
import { startEmbeddedService } from './embedded-service.ts';
import { assertReachable } from './reachability.ts';

const fakeService = fileURLToPath(new URL('../testing/fake-service.ts', import.meta.url));
const embeddedParent = fileURLToPath(new URL('../testing/embedded-parent.ts', import.meta.url));

/** Running, and not a zombie waiting for a reaper. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

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

  it("counts the CPU of the service's children that ended before its end", async () => {
    const service = await startEmbeddedService({
      script: fakeService,
      env: { FAKE_SERVICE_CHILD_CPU_MS: '400' },
    });
    try {
      expect(await service.cpuSeconds()).toBeGreaterThanOrEqual(0.4);
      expect((await service.usage())?.processes).toBe(1);
    } finally {
      await service.stop();
    }
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

describe('the embedded service (the real service/server.ts) and its runner', () => {
  it('stops when the runner is killed with SIGKILL (its stdin pipe closes)', async () => {
    const parent = spawn(process.execPath, [embeddedParent], { stdio: ['ignore', 'pipe', 'pipe'] });
    parent.stderr.resume();
    let servicePid = 0;
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        parent.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          out += chunk;
          if (out.includes('\n')) resolve(out.split('\n')[0]);
        });
        parent.once('exit', (code) =>
          reject(new Error(`parent exited (${code}) before the service was ready`)),
        );
      });
      const [pid, url] = line.split(' ');
      servicePid = Number(pid);
      expect((await fetch(`${url}/health`)).status).toBe(200);
      parent.kill('SIGKILL');
      for (let i = 0; i < 100 && isAlive(servicePid); i++) await sleep(100);
      expect(isAlive(servicePid)).toBe(false);
    } finally {
      if (parent.exitCode === null && parent.signalCode === null) parent.kill('SIGKILL');
      if (servicePid > 0 && isAlive(servicePid)) process.kill(-servicePid, 'SIGKILL');
    }
  }, 70_000);
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
