/**
 * Separate hosts for the distributed tests: each worker in a network namespace of its own,
 * joined to this machine by a veth pair on one bridge. The addresses are a test-only block
 * (198.18.0.0/15, set aside for benchmarking networks, RFC 2544), one /24 per test process;
 * nothing routes beyond the bridge. Needs root and `ip`; `netnsUnavailable()` says why not.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const IP = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].find((path) => existsSync(path));

export interface NetnsHosts {
  /** This machine's address on the bridge (the master and the target listen there). */
  hostAddress: string;
  /** Each worker's namespace and its address there. */
  workers: { namespace: string; address: string }[];
  /** Removes the namespaces, the veth pairs and the bridge. */
  remove(): void;
}

/** Why namespaces cannot be made here, or undefined when they can. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root: network namespaces need CAP_NET_ADMIN';
  if (!IP) return 'no `ip` command (iproute2) on this machine';
  const probe = `jnyprobe${process.pid}`;
  const made = spawnSync(IP, ['netns', 'add', probe], { encoding: 'utf8' });
  if (made.status !== 0) return `ip netns add fails here: ${made.stderr.trim() || made.error?.message}`;
  spawnSync(IP, ['netns', 'del', probe]);
  return undefined;
}

const ip = (...args: string[]) => execFileSync(IP!, args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** Makes `count` namespaces on one bridge; `remove()` undoes it (call it in afterAll). */
export function makeNetnsHosts(count: number): NetnsHosts {
  // One /24 per test process, so two test runs at once do not share addresses.
  const subnet = `198.18.${process.pid % 250}`;
  const tag = `${process.pid % 100000}`;
  const bridge = `jnyb${tag}`;
  const workers = Array.from({ length: count }, (_, i) => ({
    namespace: `jny-${tag}-${i}`,
    address: `${subnet}.${10 + i}`,
    hostSide: `jnyh${tag}x${i}`,
    nsSide: `jnyn${tag}x${i}`,
  }));
  const remove = () => {
    for (const worker of workers) {
      spawnSync(IP!, ['netns', 'del', worker.namespace]);
      spawnSync(IP!, ['link', 'del', worker.hostSide]);
    }
    spawnSync(IP!, ['link', 'del', bridge]);
  };
  try {
    ip('link', 'add', bridge, 'type', 'bridge');
    ip('addr', 'add', `${subnet}.1/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
    for (const worker of workers) {
      ip('netns', 'add', worker.namespace);
      ip('link', 'add', worker.hostSide, 'type', 'veth', 'peer', 'name', worker.nsSide);
      ip('link', 'set', worker.hostSide, 'master', bridge);
      ip('link', 'set', worker.hostSide, 'up');
      ip('link', 'set', worker.nsSide, 'netns', worker.namespace);
      ip('-n', worker.namespace, 'addr', 'add', `${worker.address}/24`, 'dev', worker.nsSide);
      ip('-n', worker.namespace, 'link', 'set', worker.nsSide, 'up');
      ip('-n', worker.namespace, 'link', 'set', 'lo', 'up');
    }
  } catch (error) {
    remove();
    throw error;
  }
  return {
    hostAddress: `${subnet}.1`,
    workers: workers.map(({ namespace, address }) => ({ namespace, address })),
    remove,
  };
}

/** The command line that runs `command` inside `namespace`. */
export function inNamespace(namespace: string, command: string[]): string[] {
  return [IP!, 'netns', 'exec', namespace, ...command];
}

/** The named namespace process `pid` runs in ('' when none: this host's own network). */
export function namespaceOf(pid: number): string {
  return spawnSync(IP!, ['netns', 'identify', String(pid)], { encoding: 'utf8' }).stdout.trim();
}
