/** Starts the benchmarks' target (./target.ts) in a process of its own, its CPU apart from the generators'. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const TARGET = fileURLToPath(new URL('./target.ts', import.meta.url));

/** @example const target = await startTarget(); …; target.stop(); */
export async function startTarget(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [TARGET], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /listening (\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]);
    });
    child.on('exit', () => reject(new Error('target exited')));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}
