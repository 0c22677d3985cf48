/**
 * Checks the target answers before any user starts, so a wrong `--host` ends the run at
 * once with exit code 3 instead of a minute of connection errors.
 */
import { connect } from 'node:net';
import { ExitCode, RunnerError } from '../errors.ts';

/**
 * Resolves when a TCP connection to the host's port opens within `timeoutMs`; throws a
 * RunnerError (exit code 3) naming the host otherwise.
 * @example await assertReachable('http://127.0.0.1:8000');
 */
export async function assertReachable(host: string, timeoutMs = 3000): Promise<void> {
  const url = parseHost(host);
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const problem = await new Promise<string | undefined>((resolve) => {
    const socket = connect({ host: hostname, port, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(`no answer within ${timeoutMs} ms`);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
  if (problem !== undefined) {
    throw new RunnerError(`target ${url.origin} is unreachable: ${problem}`, {
      code: 'TARGET_UNREACHABLE',
      where: '--host',
      hint: 'start the service there, or leave the host out to use the embedded service',
      exitCode: ExitCode.unreachable,
    });
  }
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
