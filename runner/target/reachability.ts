/**
 * Checks the target answers HTTP before any user starts, so a wrong `--host` ends the run
 * at once with exit code 3 instead of a minute of connection errors — and a port that
 * accepts connections but never answers (a stuck process, a TCP proxy with nothing behind
 * it) is caught too, rather than passing as a run of zero requests.
 */
import { ExitCode, RunnerError } from '../errors.ts';

// Not `import … from 'node:http'`: an ES module import of it reads every export, and its
// lazy `WebSocket`/`MessageEvent` getters load Node's bundled undici (~50 ms of every run's
// start-up, docs/performance.md); the CommonJS object is read only for what is used.
const { request: httpRequest } = process.getBuiltinModule('node:http');
const { request: httpsRequest } = process.getBuiltinModule('node:https');

/**
 * Resolves when `GET <host>` gets an HTTP response — any status: a 404 or 500 still proves
 * an HTTP server is there — within `timeoutMs`; throws a RunnerError (exit code 3) naming
 * the host and what went wrong otherwise.
 * @example await assertReachable('http://127.0.0.1:8000');
 */
export async function assertReachable(host: string, timeoutMs = 5000, insecure = false): Promise<void> {
  const url = parseHost(host);
  const seconds = `${Math.round(timeoutMs / 100) / 10} s`;
  const problem = await new Promise<string | undefined>((resolve) => {
    let connected = false;
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    // No keep-alive agent: the probe's socket closes with it and never joins the run's pools.
    const probe = send(url, {
      method: 'GET',
      agent: false,
      headers: { 'user-agent': 'journeys (probe)' },
      ...(insecure ? { rejectUnauthorized: false } : {}),
    });
    const timer = setTimeout(() => {
      probe.destroy();
      resolve(
        connected
          ? `it accepted the connection but sent no HTTP response within ${seconds}`
          : `no connection within ${seconds}`,
      );
    }, timeoutMs);
    probe.once('socket', (socket) => {
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => (connected = true));
    });
    probe.once('response', (response) => {
      clearTimeout(timer);
      response.resume();
      probe.destroy();
      resolve(undefined);
    });
    probe.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      // Node's HTTP parser errors (HPE_*): something answered, but not in HTTP (SSH, a database, TLS on http://).
      resolve(
        error.code?.startsWith('HPE_')
          ? `it answered, but not HTTP (${error.code})`
          : (error.code ?? error.message),
      );
    });
    probe.end();
  });
  const tls = problem === undefined ? undefined : tlsHint(problem);
  if (problem !== undefined && tls !== undefined) {
    throw new RunnerError(`target ${url.origin} refused by TLS: ${problem}`, {
      code: 'TARGET_TLS',
      where: '--host',
      hint: tls,
      exitCode: ExitCode.unreachable,
    });
  }
  if (problem !== undefined) {
    const silent = problem.startsWith('it accepted') || problem.startsWith('it answered');
    const what = problem.startsWith('it answered') ? 'is not HTTP' : 'is unreachable';
    throw new RunnerError(`target ${url.origin} ${what}: ${problem}`, {
      code: 'TARGET_UNREACHABLE',
      where: '--host',
      hint: silent
        ? 'check that an HTTP server listens there (the right port; http or https)'
        : 'start the service there, or leave the host out to use the embedded service',
      exitCode: ExitCode.unreachable,
    });
  }
}

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** What to do about a TLS error of the probe, or undefined when it is not one. */
function tlsHint(code: string): string | undefined {
  if (UNTRUSTED.has(code))
    return 'its certificate is not signed by a trusted authority (self-signed?): for a test target pass --insecure (profile: insecure: true), or trust its CA with NODE_EXTRA_CA_CERTS=ca.pem';
  if (code === 'CERT_HAS_EXPIRED')
    return 'its certificate has expired: renew it, or pass --insecure for a test target';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return 'its certificate is for another name: use the host name the certificate names, or pass --insecure for a test target';
  if (code === 'EPROTO' || code.startsWith('ERR_SSL'))
    return 'it did not speak TLS: is it http:// rather than https://?';
  return undefined;
}

/** A host given as a flag, profile field or class default, as a URL; a bad one is a usage error. */
export function parseHost(host: string): URL {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new RunnerError(`"${host}" is not a URL`, {
      code: 'HOST_INVALID',
      where: '--host',
      hint: 'write it like http://127.0.0.1:8000',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RunnerError(`"${host}" is not an http(s) URL`, {
      code: 'HOST_INVALID',
      where: '--host',
      hint: 'write it like http://127.0.0.1:8000',
    });
  }
  return url;
}
