/** Test support: `node service/server.ts` in a child process, as the runner and operators start it. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const serverScript = fileURLToPath(new URL('../server.ts', import.meta.url));

export interface SpawnedService {
  child: ChildProcess;
  /** The URL of the ready line; rejects if the process exits first or after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or signal name); rejects after `timeoutMs`. */
  exited(timeoutMs?: number): Promise<number | string>;
  stdout(): string;
  stderr(): string;
}

const READY = /^journeys-service listening on (http:\/\/127\.0\.0\.1:\d+)\n/;

export function spawnService(
  env: Record<string, string>,
  stdin: 'ignore' | 'pipe' = 'ignore',
): SpawnedService {
  const child = spawn(process.execPath, [serverScript], {
    env: { ...process.env, PORT: '0', DATA_DIR: 'memory://', DATABASE_URL: '', ...env },
    stdio: [stdin, 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exit = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const within = <T>(promise: Promise<T>, timeoutMs: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${what} within ${timeoutMs} ms: ${stdout}${stderr}`)),
        timeoutMs,
      );
      promise.then(resolve, reject).finally(() => clearTimeout(timer));
    });
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', () => {
      const match = READY.exec(stdout);
      if (match) resolve(match[1]);
    });
    exit.then((code) => reject(new Error(`exited (${code}) before ready: ${stdout}${stderr}`)));
  });
  ready.catch(() => undefined); // callers that only wait for the exit
  return {
    child,
    ready: (timeoutMs = 50_000) => within(ready, timeoutMs, 'no ready line'),
    exited: (timeoutMs = 10_000) => within(exit, timeoutMs, 'did not exit'),
    stdout: () => stdout,
    stderr: () => stderr,
  };
}
