/**
 * Locust's distributed flags on `run`: `--master [--expect-workers N] [--master-bind-host H]
 * [--master-bind-port P]` and `--worker --master-host H [--master-port P]`, with the shared
 * token (`--master-token` or JOURNEYS_MASTER_TOKEN). The mode itself is runner/distributed/.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_MASTER_PORT } from '../distributed/protocol.ts';
import { RunnerError } from '../errors.ts';

export interface DistributedFlags {
  master?: boolean;
  worker?: boolean;
  expectWorkers?: number;
  masterBindHost?: string;
  masterBindPort?: number;
  masterHost?: string;
  masterPort?: number;
  masterToken?: string;
}

const count = (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
};
const port = (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port, 0 to 65535');
  return n;
};

/** Adds the distributed flags to `run`. */
export function addDistributedFlags(run: Command): void {
  run
    .addOption(
      new Option('--master', 'distributed: run as the master of --worker processes (as Locust)').conflicts(
        'worker',
      ),
    )
    .addOption(
      new Option('--expect-workers <n>', 'master: start once this many workers joined')
        .argParser(count)
        .default(1),
    )
    .addOption(new Option('--master-bind-host <host>', 'master: address to listen on').default('127.0.0.1'))
    .addOption(
      new Option('--master-bind-port <n>', 'master: port to listen on')
        .argParser(port)
        .default(DEFAULT_MASTER_PORT),
    )
    .addOption(new Option('--worker', 'distributed: run a share of a --master’s run'))
    .addOption(new Option('--master-host <host>', 'worker: the master’s address').default('127.0.0.1'))
    .addOption(
      new Option('--master-port <n>', 'worker: the master’s port')
        .argParser(port)
        .default(DEFAULT_MASTER_PORT),
    )
    .addOption(
      new Option(
        '--master-token <token>',
        'shared secret of master and workers (required beyond loopback)',
      ).env('JOURNEYS_MASTER_TOKEN'),
    );
}

/** The flags that make no sense with the distributed mode, in one line. */
export function checkDistributedFlags(
  flags: DistributedFlags & { web?: boolean; shard?: string },
  webCommand: boolean,
): void {
  if (!(flags.master || flags.worker)) return;
  const mode = flags.master ? '--master' : '--worker';
  if (flags.web || webCommand)
    throw new RunnerError(`${mode} with the web UI is not supported yet`, {
      code: 'FLAG_INVALID',
      hint: 'run the master headless (drop --web)',
    });
  if (flags.shard !== undefined || process.env.JOURNEYS_SHARD)
    throw new RunnerError(`${mode} hands out the shards itself`, {
      code: 'FLAG_INVALID',
      where: '--shard',
      hint: 'drop --shard / JOURNEYS_SHARD',
    });
}

/** The worker's master as a URL (an IPv6 address in brackets). */
export function masterUrl(flags: DistributedFlags): string {
  const host = flags.masterHost ?? '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${flags.masterPort ?? DEFAULT_MASTER_PORT}`;
}
