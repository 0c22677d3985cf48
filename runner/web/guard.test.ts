/**
 * Safe by default: beyond 127.0.0.1 the web UI needs a login or refuses to start (one
 * line, exit 2); with one, a request without credentials gets 401; a state-changing request
 * from another site's page gets 403.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { cliBench, journeys, users } from '../testing/cli-harness.ts';
import { allowedHosts, checkWebBinding, hostName } from './guard.ts';
import { startWebProcess } from './testing/web-process.ts';

const bench = cliBench('web-guard');

describe('the web UI beyond this machine', () => {
  it('--web-host 0.0.0.0 without --web-auth refuses to start, in one line', async () => {
    const { code, stdout, stderr } = await journeys(
      ['web', '-f', users, '-H', bench.target.url, '--web-host', '0.0.0.0', '--web-port', '0'],
      { timeoutMs: 30_000 },
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      'error: the web UI would be open to the network on 0.0.0.0 without a login (--web-host) — add --web-auth user:password, or leave --web-host at 127.0.0.1',
    ]);
  });

  it('with --web-auth, no credentials get 401 and the right ones get the page', async () => {
    const web = await startWebProcess(bench.target.url, bench.dir, [
      '--web-host',
      '0.0.0.0',
      '--web-auth',
      'ops:s3cret',
    ]);
    try {
      const port = new URL(web.url).port;
      const local = `http://127.0.0.1:${port}`;
      const anonymous = await fetch(`${local}/stats/requests`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toContain('Basic');
      // Refusals cannot be framed either.
      expect(anonymous.headers.get('x-frame-options')).toBe('DENY');
      const wrong = await fetch(`${local}/`, { headers: { authorization: `Basic ${btoa('ops:nope')}` } });
      expect(wrong.status).toBe(401);
      const page = await fetch(`${local}/`, { headers: { authorization: `Basic ${btoa('ops:s3cret')}` } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>journeys</title>');
    } finally {
      expect(await web.quit()).toBe(0);
    }
  }, 40_000);
});

describe('state-changing requests', () => {
  it('from another origin are refused; from the page itself and from scripts they pass', async () => {
    const web = await startWebProcess(bench.target.url, bench.dir);
    try {
      const other = await fetch(`${web.url}/stop`, { headers: { origin: 'http://evil.example' } });
      expect(other.status).toBe(403);
      const start = await fetch(`${web.url}/api/start`, {
        method: 'POST',
        headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
        body: '{}',
      });
      expect(start.status).toBe(403);
      const state = ((await (await fetch(`${web.url}/stats/requests`)).json()) as { state: string }).state;
      expect(state).toBe('ready');
      const own = await fetch(`${web.url}/api/stop`, { method: 'POST', headers: { origin: web.url } });
      expect(await own.json()).toEqual({ success: true, stopped: false });
      expect((await fetch(`${web.url}/stop`)).status).toBe(200);
    } finally {
      expect(await web.quit()).toBe(0);
    }
  }, 40_000);
});

describe('--web-allowed-hosts', () => {
  it('adds names the UI answers to; other names still get 403', async () => {
    const web = await startWebProcess(bench.target.url, bench.dir, [
      '--web-allowed-hosts',
      'load.example,Proxy.Example',
    ]);
    try {
      const port = new URL(web.url).port;
      const status = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const req = request(
            { host: '127.0.0.1', port, path: '/stats/requests', headers: { host } },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          );
          req.on('error', reject);
          req.end();
        });
      expect(await status(`load.example:${port}`)).toBe(200);
      expect(await status(`proxy.example:${port}`)).toBe(200);
      expect(await status(`127.0.0.1:${port}`)).toBe(200);
      expect(await status(`evil.example:${port}`)).toBe(403);
    } finally {
      expect(await web.quit()).toBe(0);
    }
  }, 40_000);
});

describe('checkWebBinding', () => {
  it('takes loopback without a login and splits user:password at the first colon', () => {
    expect(checkWebBinding('127.0.0.1', undefined)).toBeUndefined();
    expect(checkWebBinding('::1', undefined)).toBeUndefined();
    expect(checkWebBinding('0.0.0.0', 'a:b:c')).toEqual({ username: 'a', password: 'b:c' });
    expect(() => checkWebBinding('127.0.0.1', 'nocolon')).toThrow('--web-auth must be user:password');
  });
});

describe('allowedHosts and hostName', () => {
  it('allows loopback names and the bound address, plus the extra names, lower-cased', () => {
    expect([...allowedHosts('127.0.0.1', [])].sort()).toEqual(['127.0.0.1', '::1', 'localhost']);
    expect(allowedHosts('192.168.1.5', ['Load.Example ', '']).has('load.example')).toBe(true);
    expect(allowedHosts('192.168.1.5', []).has('192.168.1.5')).toBe(true);
    expect(allowedHosts('0.0.0.0', []).has('127.0.0.1')).toBe(true);
    expect(allowedHosts('0.0.0.0', []).has('0.0.0.0')).toBe(false);
  });

  it('takes the name out of a Host header, and nothing out of a malformed one', () => {
    expect(hostName('LocalHost:8089')).toBe('localhost');
    expect(hostName('[::1]:8089')).toBe('::1');
    expect(hostName('evil.example')).toBe('evil.example');
    expect(hostName('evil.example:80@127.0.0.1')).toBeUndefined();
    expect(hostName('a b')).toBeUndefined();
    expect(hostName('')).toBeUndefined();
  });
});
