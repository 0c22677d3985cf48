/**
 * CPU and memory of a process group, read from /proc: the embedded service leads a group
 * of its own, and with cluster workers its work is done by the group's other processes,
 * whose CPU the leader's own counters never show while they live.
 */
import { readdir, readFile } from 'node:fs/promises';

export interface GroupUsage {
  /**
   * utime + stime of every live process of the group, and cutime + cstime (what its children
   * used before they ended, such as the service's database-dump maker), in seconds.
   */
  cpuSeconds: number;
  /** The sum of each process's peak resident set (VmHWM): an upper bound of the group's peak. */
  peakRssBytes: number;
  processes: number;
}

/** USER_HZ: 100 on every Linux architecture Node runs on (sysconf is not reachable from Node). */
const CLOCK_TICKS_PER_SECOND = 100;

/** Undefined where /proc is missing (not Linux). */
export async function processGroupUsage(groupId: number): Promise<GroupUsage | undefined> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return undefined;
  }
  const usage: GroupUsage = { cpuSeconds: 0, peakRssBytes: 0, processes: 0 };
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => undefined);
    if (stat === undefined) continue; // gone since the listing
    // Fields after the command name (which may hold spaces) start at field 3: pgrp is field 5,
    // utime and stime 14 and 15, cutime and cstime (children ended and waited for) 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== groupId) continue;
    usage.processes += 1;
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    usage.cpuSeconds += ticks / CLOCK_TICKS_PER_SECOND;
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => '');
    const peak = /^VmHWM:\s+(\d+) kB/m.exec(status);
    if (peak) usage.peakRssBytes += Number(peak[1]) * 1024;
  }
  return usage.processes > 0 ? usage : undefined;
}
