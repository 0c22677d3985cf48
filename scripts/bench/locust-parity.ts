/**
 * Parity with Locust: the same user classes, written once for Locust
 * (./locust-parity/locustfile.py, step for step) and once for us (users/), each run with
 * the same users, spawn rate and duration against its own fresh embedded service. Prints
 * per request name both sides' counts, rps, p50/p95/p99 and failures, each generator's
 * CPU-seconds, and the targets met or missed. Figures, not a test: it exits 0 either way,
 * and also when Locust is not installed (it says so).
 *
 *   npm run bench:parity                                    # 20 users, 5/s, 60 s
 *   npm run bench:parity -- --users 10 --seconds 30 --classes IdentityUser
 *   npm run bench:parity -- --locust-client requests        # Locust's HttpUser, not FastHttpUser
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuTable, requestTable, targetLines } from './locust-parity/parity-table.ts';
import { runSide, type Side } from './locust-parity/run-side.ts';
import { locustCommand } from './tools.ts';

/** The user classes the locustfile mirrors. */
const MIRRORED = ['IdentityUser', 'PaymentsUser'];
const LOCUSTFILE = fileURLToPath(new URL('./locust-parity/locustfile.py', import.meta.url));
const BIN = fileURLToPath(new URL('../../runner/bin.js', import.meta.url));
const USERS_DIR = fileURLToPath(new URL('../../users/', import.meta.url));

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '20' },
    'spawn-rate': { type: 'string', default: '5' },
    seconds: { type: 'string', default: '60' },
    classes: { type: 'string', default: MIRRORED.join(',') },
    'locust-client': { type: 'string', default: 'fast' },
  },
});
const users = Number(values.users);
const spawnRate = Number(values['spawn-rate']);
const seconds = Number(values.seconds);
const classes = values
  .classes!.split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const client = values['locust-client']!;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
for (const [flag, value] of [
  ['--users', users],
  ['--spawn-rate', spawnRate],
  ['--seconds', seconds],
] as const)
  if (!(value > 0)) fail(`locust-parity: ${flag} must be a positive number — e.g. ${flag} 10`);
// A bound, so a typo cannot keep the machine busy for an afternoon.
if (seconds > 1800) fail('locust-parity: --seconds is at most 1800');
const unmirrored = classes.filter((name) => !MIRRORED.includes(name));
if (classes.length === 0 || unmirrored.length > 0)
  fail(
    `locust-parity: --classes ${unmirrored.join(',') || '(none)'} has no Locust twin — pick from ${MIRRORED.join(', ')}`,
  );
if (client !== 'fast' && client !== 'requests') fail('locust-parity: --locust-client is fast or requests');

const locust = locustCommand();
if (locust === undefined) {
  console.log(
    'locust-parity: Locust is not installed (apt-get install python3-locust): nothing to compare, skipped.',
  );
  process.exit(0);
}

/** Debian's Locust reports an empty `locust --version` (its version file is blank), so ask dpkg first. */
function locustVersion(): string {
  try {
    // `python3-locust\t2.12.1-1`
    return execFileSync('dpkg-query', ['-W', 'python3-locust'], { stdio: 'pipe' })
      .toString()
      .split('\t')[1]
      .trim();
  } catch {
    return execFileSync(locust![0], [...locust!.slice(1), '--version'])
      .toString()
      .trim();
  }
}

const load = ['-u', String(users), '-r', String(spawnRate), '-t', `${seconds}s`];
const locustSide: Side = {
  label: `locust ${client === 'fast' ? 'FastHttpUser' : 'HttpUser'}`,
  command: locust[0],
  args: (url, prefix, userLoad) => [
    ...locust.slice(1),
    ...['-f', LOCUSTFILE, '--headless', ...userLoad, '-H', url],
    ...['--csv', prefix, '--only-summary', '--loglevel', 'WARNING', ...classes],
  ],
  env: { ...process.env, PARITY_LOCUST_CLIENT: client },
};
const oursSide: Side = {
  label: 'journeys',
  command: process.execPath,
  args: (url, prefix, userLoad) => [
    BIN,
    'run',
    ...classes,
    '-f',
    USERS_DIR,
    ...userLoad,
    '-H',
    url,
    '--csv',
    prefix,
  ],
};

console.log(
  `locust-parity: ${classes.join(' + ')}, ${users} users, spawn ${spawnRate}/s, ${seconds} s each; ` +
    `Locust ${locustVersion()} (${locustSide.label}), Node ${process.version}; each side on its own fresh service`,
);
console.log(
  `  L: locust -f ${LOCUSTFILE} --headless ${load.join(' ')} -H URL --csv PREFIX ${classes.join(' ')}`,
);
console.log(`  J: npx journeys run ${classes.join(' ')} ${load.join(' ')} -H URL --csv PREFIX`);

const locustResult = await runSide(locustSide, load, seconds);
const oursResult = await runSide(oursSide, load, seconds);

console.log(`\n${requestTable(locustResult, oursResult)}\n`);
console.log(`${cpuTable(locustResult, oursResult)}\n`);
console.log('targets (figures, not a test):');
for (const line of targetLines(locustResult, oursResult)) console.log(`  ${line}`);
