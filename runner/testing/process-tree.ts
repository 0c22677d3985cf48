/**
 * Which processes a test started, read from /proc (Linux): a run's whole tree — npm, the
 * shell npm starts, the runner, its embedded service — so a test can check by PID that
 * none of them outlives the run.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** pid → parent pid of every process, from /proc/<pid>/stat. */
function parents(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name (field 2) may hold spaces and parentheses: read after its last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byPid.set(Number(entry), Number(fields[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  return byPid;
}

/** `pid` and every process below it, as of now. */
export function processTree(pid: number): number[] {
  const byPid = parents();
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of byPid) if (parent === tree[i]) tree.push(child);
  }
  return tree;
}

/** Whether the process still runs (a zombie waiting for its parent counts as gone). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The command line of a process ('' once it is gone). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/**
 * Waits until none of `pids` runs any more, at most `ms`: the time a process tree is given
 * to end. Returns as soon as the last one is gone, so a test waits only as long as the tree.
 * @example await ended(tree, 5_000); expect(tree.filter(alive)).toEqual([]);
 */
export async function ended(pids: readonly number[], ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}
