import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

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
      body: JSON.stringify({ external_id: 'srv-1', email: 'a@b.co', first_name: 'A', last_name: 'B' }),
    });
    expect(created.status).toBe(201);
    await created.arrayBuffer();
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
