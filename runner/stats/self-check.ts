/**
 * The runner watches itself: when its own CPU is nearly saturated or its event loop lags,
 * measured latencies are partly the generator's, so the run says so live and marks its
 * results as suspect.
 */
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface SelfCheckOptions {
  /** Share of all cores' capacity above which CPU counts as saturated. Default 0.9. */
  cpuLimit?: number;
  /** Event-loop lag p99 (ms) above which the loop counts as lagging. Default 10. */
  lagLimitMs?: number;
  /** Consecutive seconds over a limit before it is reported. Default 3. */
  sustainSeconds?: number;
  /**
   * Milliseconds between the loop's probes. Default 100: the loop probed is the main
   * thread's, which sends no requests (users run in worker threads), and a loop late by more
   * than `lagLimitMs` still shows. Every probe wakes the thread: at 10 ms the probe was most
   * of the main thread's CPU during a run (docs/performance.md, "Users who think, this round").
   */
  lagResolutionMs?: number;
  cores?: number;
}

export interface SelfCheckSample {
  /** Runner CPU (all threads) as a share of all cores, 0…1. */
  cpu: number;
  /** Main-thread event-loop lag p99 over the last second, ms. */
  lagP99Ms: number;
  /** Set on the second a limit has been exceeded for `sustainSeconds`: the warning to show. */
  warning?: string;
}

export interface SelfCheckResult {
  suspect: boolean;
  reasons: string[];
  cores: number;
  cpuPeak: number;
  lagP99PeakMs: number;
}

/**
 * Call `sample()` about once a second while the run lasts, `result()` at the end.
 * @example
 * const check = startSelfCheck();
 * setInterval(() => { const { warning } = check.sample(); if (warning) console.warn(warning); }, 1000);
 */
export function startSelfCheck(options: SelfCheckOptions = {}) {
  const cpuLimit = options.cpuLimit ?? 0.9;
  const lagLimitMs = options.lagLimitMs ?? 10;
  const sustain = options.sustainSeconds ?? 3;
  const cores = options.cores ?? availableParallelism();
  const resolutionMs = options.lagResolutionMs ?? RESOLUTION_MS;
  const loop = monitorEventLoopDelay({ resolution: resolutionMs });
  loop.enable();
  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();
  const cpuWatch = sustainedLimit(sustain);
  const lagWatch = sustainedLimit(sustain);
  const reasons = new Map<string, string>();
  let cpuPeak = 0;
  let lagP99PeakMs = 0;

  return {
    sample(): SelfCheckSample {
      const now = performance.now();
      const used = process.cpuUsage(lastCpu);
      const wallMicros = Math.max(1, (now - lastAt) * 1000);
      lastCpu = process.cpuUsage();
      lastAt = now;
      const cpu = (used.user + used.system) / wallMicros / cores;
      // The histogram holds whole intervals between its timer's runs (ns): the lag is what exceeds the resolution.
      const lagP99Ms = loop.count > 0 ? Math.max(0, loop.percentile(99) / 1e6 - resolutionMs) : 0;
      loop.reset();
      cpuPeak = Math.max(cpuPeak, cpu);
      lagP99PeakMs = Math.max(lagP99PeakMs, lagP99Ms);
      let warning: string | undefined;
      if (cpuWatch(cpu > cpuLimit)) {
        warning = `runner CPU above ${percent(cpuLimit)} of ${cores} core(s) for ${sustain} s — latencies may be partly the generator's; use fewer users or more --threads/machines`;
        reasons.set('cpu', `runner CPU above ${percent(cpuLimit)} of ${cores} core(s) for ${sustain}+ s`);
      }
      if (lagWatch(lagP99Ms > lagLimitMs)) {
        warning = `runner event-loop lag p99 above ${lagLimitMs} ms for ${sustain} s — latencies may be partly the generator's`;
        reasons.set('lag', `runner event-loop lag p99 above ${lagLimitMs} ms for ${sustain}+ s`);
      }
      return { cpu, lagP99Ms, warning };
    },

    result(): SelfCheckResult {
      loop.disable();
      const list = [...reasons.values()];
      const peaks = { cores, cpuPeak: round(cpuPeak), lagP99PeakMs: round(lagP99PeakMs) };
      return { suspect: list.length > 0, reasons: list, ...peaks };
    },
  };
}

export type SelfCheck = ReturnType<typeof startSelfCheck>;

const RESOLUTION_MS = 100;

/** True exactly once per episode: on the sample where the condition has held `seconds` times in a row. */
function sustainedLimit(seconds: number): (over: boolean) => boolean {
  let streak = 0;
  return (over) => {
    streak = over ? streak + 1 : 0;
    return streak === seconds;
  };
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
