/**
 * Artillery as a fixed-concurrency generator, so it compares with autocannon's connections
 * and Locust's users rather than with an arrival rate: one phase creates exactly `users`
 * virtual users within a second, and each loops GET / (one keep-alive connection per user)
 * until the run's deadline, with a per-user cap as a guard.
 *
 * Artillery is not a project dependency (about 1,000 packages): the bench uses the copy in
 * the git-ignored `.bench-tools/`, else a global one, and is skipped when there is neither.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { measure, type Throughput } from './tools.ts';

/**
 * Run from the repository root. Artillery brings a Playwright engine whose install script
 * downloads Chromium, which fails (and fails the install) without internet access.
 */
export const ARTILLERY_INSTALL =
  'PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix .bench-tools artillery --no-audit --no-fund';

const LOCAL_BIN = fileURLToPath(new URL('../../.bench-tools/node_modules/.bin/artillery', import.meta.url));
/** Far more than one user on one connection can send in a second; only a guard. */
const MAX_REQUESTS_PER_USER_SECOND = 20_000;

interface ArtilleryReport {
  aggregate: { counters: Record<string, number> };
}

/** The Artillery CLI script, to run with our Node: `.bench-tools/` first, then a global one. */
export function artilleryScript(): string | undefined {
  if (existsSync(LOCAL_BIN)) return realpathSync(LOCAL_BIN);
  try {
    const global = execFileSync('sh', ['-c', 'command -v artillery'], { encoding: 'utf8' }).trim();
    return global === '' ? undefined : realpathSync(global);
  } catch {
    return undefined;
  }
}

export async function artillery(
  script: string,
  url: string,
  users: number,
  seconds: number,
): Promise<Throughput> {
  const dir = mkdtempSync(join(tmpdir(), 'journeys-bench-'));
  try {
    const processor = join(dir, 'processor.js');
    const scenario = join(dir, 'scenario.yml');
    const report = join(dir, 'report.json');
    writeFileSync(processor, processorSource(seconds));
    writeFileSync(scenario, stringify(scenarioFor(url, users, processor)));
    const run = await measure(
      process.execPath,
      [script, 'run', '--quiet', '--output', report, scenario],
      seconds,
      environmentFor(url),
    );
    if (!existsSync(report)) throw new Error(`no report; it printed: ${run.stdout.trim().slice(-300)}`);
    const { counters } = (JSON.parse(readFileSync(report, 'utf8')) as ArtilleryReport).aggregate;
    const errors = Object.entries(counters)
      .filter(([name]) => name.startsWith('errors.'))
      .reduce((sum, [, count]) => sum + count, 0);
    const workers = Math.max(1, cpus().length - 1);
    return {
      tool: 'artillery',
      requests: counters['http.responses'] ?? 0,
      cpuSeconds: run.cpuSeconds,
      note: `${errors} errors; ${counters['vusers.created'] ?? 0} VUs on ${workers} worker thread(s), its default of cores − 1`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function scenarioFor(url: string, users: number, processor: string): object {
  return {
    config: {
      target: url,
      processor,
      phases: [{ name: 'all users at once', duration: 1, arrivalCount: users }],
    },
    scenarios: [{ name: 'root', flow: [{ loop: [{ get: { url: '/' } }], whileTrue: 'keepGoing' }] }],
  };
}

/**
 * The deadline starts at the first finished request, so Artillery's start-up (~2 s of module
 * loading) is not load time, as for the other tools; it still counts in the CPU figure.
 */
function processorSource(seconds: number): string {
  const cap = Math.ceil(seconds * MAX_REQUESTS_PER_USER_SECOND);
  return `let deadline;
module.exports = {
  keepGoing(context, next) {
    deadline ??= Date.now() + ${seconds * 1000};
    next(context.vars.$loopCount < ${cap} && Date.now() < deadline);
  },
};
`;
}

/**
 * Even with ARTILLERY_DISABLE_TELEMETRY set, Artillery posts an anonymous "test run" event
 * (posthog-node over axios) and retries a failed post for about 12 s before it exits. Its HTTPS
 * proxy is therefore the loopback target, which answers anything with 200: nothing leaves the
 * machine and the run ends with the load. Target traffic is plain HTTP and never proxied.
 */
function environmentFor(target: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ARTILLERY_DISABLE_TELEMETRY: 'true' };
  for (const name of ['HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy', 'ARTILLERY_CLOUD_API_KEY'])
    delete env[name];
  env.HTTPS_PROXY = target;
  env.https_proxy = target;
  return env;
}
