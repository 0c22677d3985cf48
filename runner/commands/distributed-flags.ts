/**
 * Locust's distributed flags on `run` (declared in runner/config/settings.ts): `--master
 * [--expect-workers N] [--master-bind-host H] [--master-bind-port P]` and `--worker
 * --master-host H [--master-port P]`, with the shared token (`--master-token` or
 * JOURNEYS_MASTER_TOKEN). The mode itself is runner/distributed/.
 */
import { DEFAULT_MASTER_PORT } from '../distributed/protocol.ts';
import { RunnerError } from '../errors.ts';

export interface DistributedFlags {
  master?: boolean;
  worker?: boolean;
  masterHost?: string;
  masterPort?: number;
  masterToken?: string;
  web?: boolean;
  shard?: string;
}

/** The flags that make no sense with the distributed mode, in one line. */
export function checkDistributedFlags(flags: DistributedFlags, webCommand: boolean): void {
  if (flags.master && flags.worker)
    throw new RunnerError('--master and --worker together', {
      code: 'FLAG_INVALID',
      hint: 'one process is either the master or a worker',
    });
  if (!(flags.master || flags.worker)) return;
  const mode = flags.master ? '--master' : '--worker';
  // The master's web UI shows the merged run; a worker has none (it runs what its master says).
  if (flags.worker && (flags.web || webCommand))
    throw new RunnerError('--worker with the web UI', {
      code: 'FLAG_INVALID',
      hint: 'give --web to the master (journeys run --master --web); the workers run headless',
    });
  if (flags.shard !== undefined || process.env.JOURNEYS_SHARD)
    throw new RunnerError(`${mode} hands out the shards itself`, {
      code: 'FLAG_INVALID',
      where: '--shard',
      hint: 'drop --shard / JOURNEYS_SHARD',
    });
}

/** `--master-token`, else JOURNEYS_MASTER_TOKEN; undefined when neither is given or empty. */
export function masterToken(flags: DistributedFlags): string | undefined {
  const token = flags.masterToken ?? process.env.JOURNEYS_MASTER_TOKEN;
  return token === undefined || token === '' ? undefined : token;
}

/** The worker's master as a URL (an IPv6 address in brackets). */
export function masterUrl(flags: DistributedFlags): string {
  const host = flags.masterHost ?? '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${flags.masterPort ?? DEFAULT_MASTER_PORT}`;
}
