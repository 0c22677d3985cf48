import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../http/client.ts';
import { RequestFailed } from '../http/client-errors.ts';
import { assertReachable } from './reachability.ts';

let server: Server;
let url = '';
let dir = '';

beforeAll(async () => {
  // A self-signed certificate made here, for 127.0.0.1: no network, no fixture to expire.
  dir = mkdtempSync(join(tmpdir(), 'journeys-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  server = createServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (_req, res) => res.end('{"tls":true}'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a self-signed HTTPS target', () => {
  it('is refused before the run with a hint that says what is wrong and how to accept it', async () => {
    await expect(assertReachable(url)).rejects.toMatchObject({
      code: 'TARGET_TLS',
      exitCode: 3,
      message: `target ${url} refused by TLS: DEPTH_ZERO_SELF_SIGNED_CERT`,
      hint: expect.stringContaining('pass --insecure'),
    });
  });

  it('is accepted with --insecure, by the probe and by the client', async () => {
    await assertReachable(url, 5000, true);
    const client = new Client({ host: url, settings: { insecure: true } });
    expect((await client.get('/')).text).toBe('{"tls":true}');
    await client.close();
  });

  it('without --insecure every request is a failure named by its TLS code', async () => {
    const client = new Client({ host: url });
    const error = await client.get('/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestFailed);
    expect((error as RequestFailed).failure).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    await client.close();
  });

  it('https:// against a plain HTTP port says it did not speak TLS', async () => {
    const plain = (await import('node:http')).createServer((_q, s) => s.end('plain'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const port = (plain.address() as AddressInfo).port;
    await expect(assertReachable(`https://127.0.0.1:${port}`, 5000)).rejects.toMatchObject({
      code: 'TARGET_TLS',
      hint: expect.stringContaining('http:// rather than https://'),
    });
    plain.closeAllConnections();
    await new Promise((resolve) => plain.close(resolve));
  });
});
