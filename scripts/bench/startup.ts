/**
 * Start-up cost of a one-user, one-second run (`-u 1 -r 1 -t 1s -H <local server>`), as a
 * consumer runs it: the runner compiled as `npm pack` ships it, against Locust's
 * FastHttpUser on the same target, side by side; then `--threads 8` against `--threads 1`.
 * Figures are whole-process CPU (user + system, threads included), the median of a few
 * runs each, interleaved so that a busy machine weighs on both sides alike.
 *
 *     npm run bench:startup [-- --runs 5]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { consumerProject } from './consumer-project.ts';
import { locustCommand, measure } from './tools.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);

const USERS = `import { constant, Journey, User } from 'journeys-runner';

class Root extends Journey {
  steps = [this.root];
  async root() {
    await this.client.get('/', { name: 'root' });
  }
}

export class Bench extends User {
  journeys = [[Root, 1]] as const;
  waitTime = constant(0.1);
}
`;

const LOCUSTFILE = `from locust import FastHttpUser, task, constant
class Bench(FastHttpUser):
    wait_time = constant(0.1)
    @task
    def root(self):
        self.client.get("/", name="root")
`;

/** The package as installed, with the two sides' users files beside it. */
function benchProject(dir: string): string {
  const { bin } = consumerProject(dir);
  writeFileSync(join(dir, 'users.ts'), USERS);
  writeFileSync(join(dir, 'locustfile.py'), LOCUSTFILE);
  return bin;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = createServer((_req, res) => res.end('ok'));
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const dir = mkdtempSync(join(tmpdir(), 'journeys-startup-'));
const locust = locustCommand();
try {
  const bin = benchProject(dir);
  const journeys = (threads: number) => () =>
    measure(
      process.execPath,
      [
        bin,
        'run',
        '-f',
        join(dir, 'users.ts'),
        '-u',
        '1',
        '-r',
        '1',
        '-t',
        '1s',
        '-H',
        host,
        '--threads',
        String(threads),
        '--csv',
        join(dir, 'out', 'j'),
      ],
      30,
      { ...process.env, NO_COLOR: '1' },
    );
  const sides: Record<string, () => Promise<{ cpuSeconds: number }>> = {
    'journeys --threads 1': journeys(1),
    'journeys --threads 8': journeys(8),
  };
  if (locust) {
    sides['locust FastHttpUser'] = () =>
      measure(
        locust[0],
        [
          ...locust.slice(1),
          '-f',
          join(dir, 'locustfile.py'),
          '--headless',
          '-u',
          '1',
          '-r',
          '1',
          '-t',
          '1s',
          '-H',
          host,
          '--only-summary',
          '--loglevel',
          'ERROR',
        ],
        30,
      );
  }
  const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(sides).map((name) => [name, []]));
  const loads: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [name, side] of Object.entries(sides)) {
      loads.push(loadavg()[0]);
      cpu[name].push((await side()).cpuSeconds);
    }
  }
  console.log(
    `start-up: -u 1 -r 1 -t 1s against ${host}, median of ${runs} runs (load average ${median(loads).toFixed(1)} on ${process.env.HOSTNAME ?? 'this machine'})`,
  );
  for (const [name, xs] of Object.entries(cpu)) {
    console.log(
      `  ${name.padEnd(22)} ${median(xs).toFixed(2)} CPU-s   (runs: ${xs.map((x) => x.toFixed(2)).join(' ')})`,
    );
  }
  const one = median(cpu['journeys --threads 1']);
  const eight = median(cpu['journeys --threads 8']);
  if (locust)
    console.log(`  journeys / locust        ${(one / median(cpu['locust FastHttpUser'])).toFixed(2)}×`);
  else console.log('  locust: not installed (apt-get install -y python3-locust); no ratio');
  console.log(`  per extra thread         ${((eight - one) / 7).toFixed(3)} CPU-s`);
} finally {
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
