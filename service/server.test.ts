import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnService } from './testing/spawn-service.ts';

const serverPath = fileURLToPath(new URL('./server.ts', import.meta.url));

describe('node service/server.ts (the start contract the runner relies on)', () => {
  it('prints exactly one ready line, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [serverPath], {
      env: { ...process.env, PORT: '0', DATA_DIR: 'memory://', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.resume();
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready: ${stdout}`)), 50_000);
      child.stdout.on('data', () => {
        const match = /^journeys-service listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stdout}`)));
    });
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', backend: 'pglite' });
    const created = await fetch(`${url}/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ external_id: 'srv-1', email: 'a@b.co', first_name: 'A', last_name: 'B' }),
    });
    expect(created.status).toBe(201);
    await created.arrayBuffer();
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('with JOURNEYS_EXIT_WITH_PARENT=1, stops gracefully (exit 0) once stdin closes', async () => {
    const service = spawnService({ JOURNEYS_EXIT_WITH_PARENT: '1' }, 'pipe');
    const url = await service.ready();
    expect((await fetch(`${url}/health`)).status).toBe(200);
    service.child.stdin?.end(); // what the kernel does when the parent dies, SIGKILL included
    expect(await service.exited(10_000)).toBe(0);
    expect(service.stderr()).toMatch(/"message":"shutting down","reason":"stdin closed \(parent gone\)"/);
  });
});
