/**
 * One side of the parity benchmark: a fresh embedded service (in-memory PGlite, port 0),
 * one generator run against it to its end with its whole process's CPU measured, then the
 * service stopped. Each side gets its own service so neither inherits the other's data.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnService } from '../../../service/testing/spawn-service.ts';
import { measure, processCpuSeconds } from '../tools.ts';
import { readStatsCsv, type StatsRow } from './stats-csv.ts';

export interface Side {
  label: string;
  command: string;
  /** The generator's arguments for this target URL, CSV prefix and load (`-u N -r R -t Ds`). */
  args(url: string, csvPrefix: string, load: readonly string[]): string[];
  env?: NodeJS.ProcessEnv;
}

export interface SideResult {
  label: string;
  rows: Map<string, StatsRow>;
  /** CPU of the generator's whole process (threads and children included), start-up too. */
  cpuSeconds: number;
  /** CPU of a run of one user for one second: start-up and shut-down, the generator's fixed cost. */
  startupCpuSeconds: number;
  /** CPU the service spent serving this side's measured run. */
  serviceCpuSeconds: number;
}

/** The load of the fixed-cost run: one user, one second. */
const STARTUP_LOAD = ['-u', '1', '-r', '1', '-t', '1s'];
/** PGlite's start takes seconds on a quiet machine and close to a minute on a busy one. */
const SERVICE_READY_MS = 180_000;

export async function runSide(side: Side, load: readonly string[], seconds: number): Promise<SideResult> {
  const dir = mkdtempSync(join(tmpdir(), 'journeys-parity-'));
  const service = spawnService({});
  try {
    const url = await service.ready(SERVICE_READY_MS);
    const serviceCpuBefore = processCpuSeconds(service.child.pid!);
    const prefix = join(dir, 'run');
    const run = await measure(side.command, side.args(url, prefix, load), seconds, side.env);
    const serviceCpuSeconds = processCpuSeconds(service.child.pid!) - serviceCpuBefore;
    const csv = `${prefix}_stats.csv`;
    if (!existsSync(csv))
      throw new Error(`${side.label}: wrote no ${csv}; its output ended with: ${run.stdout.slice(-600)}`);
    const rows = readStatsCsv(csv);
    // After the measured run, so its few requests land on a service whose figures are taken.
    const startup = await measure(
      side.command,
      side.args(url, join(dir, 'startup'), STARTUP_LOAD),
      1,
      side.env,
    );
    return {
      label: side.label,
      rows,
      cpuSeconds: run.cpuSeconds,
      startupCpuSeconds: startup.cpuSeconds,
      serviceCpuSeconds,
    };
  } finally {
    service.child.kill('SIGTERM');
    await service.exited(15_000).catch(() => service.child.kill('SIGKILL'));
    rmSync(dir, { recursive: true, force: true });
  }
}
