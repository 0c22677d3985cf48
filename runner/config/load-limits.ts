/**
 * A load the machine cannot hold, refused before the run in one line (exit 2) rather than
 * found out as a runner that hangs placing users: more users than its memory can hold at a
 * modest cost per user. Open files are not checked here — a user that thinks holds no
 * socket, so a large run may fit a small `ulimit -n`; running out is named when it happens
 * (`EMFILE`, the runner's problem, in the exceptions table).
 */
import { totalmem } from 'node:os';

/** A floor for what one user costs (a waiting user measures about 3 KB in the waiting-users bench): below any real run. */
const BYTES_PER_USER = 2 * 1024;

/**
 * Why `users` cannot run on this machine, or undefined when they can.
 * @example loadLimitProblem(1e12, '--users') // '--users: 1000000000000 users need about 29802 GiB …'
 */
export function loadLimitProblem(
  users: number,
  where: string,
  machine: { memoryBytes?: number } = {},
): string | undefined {
  const memory = machine.memoryBytes ?? totalmem();
  if (users * BYTES_PER_USER > memory) {
    const need = Math.ceil((users * BYTES_PER_USER) / 1024 ** 3);
    return `${where}: ${users} users need about ${need} GiB at ${BYTES_PER_USER / 1024} KiB each, more than this machine's ${Math.floor(memory / 1024 ** 3)} GiB — run fewer users per runner (--shard spreads a run over machines)`;
  }
  return undefined;
}
