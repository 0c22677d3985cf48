/**
 * `journeys report compare` on the results of two real runs of the CLI, the second against
 * a target that got worse (runner/testing/cli-harness.ts).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBench, journeys } from '../testing/cli-harness.ts';

const cli = cliBench('cli-report');

describe('journeys report compare', () => {
  it('takes --max-fail-increase as percentage points and says the limits in the closing line', async () => {
    const base = join(cli.dir, 'compare-base');
    const next = join(cli.dir, 'compare-new');
    expect((await journeys(cli.local(`Shopper -u 1 -i 10 --csv ${base}/run`))).code).toBe(0);
    cli.target.failing.add('/items/7');
    expect((await journeys(cli.local(`Shopper -u 1 -i 10 --csv ${next}/run`))).code).toBe(1);
    // Latency and rps can never regress by 1000×: only the failure ratio decides.
    const compare = (limit: string) =>
      journeys([
        'report',
        'compare',
        base,
        next,
        '--max-regression',
        '100000%',
        '--max-fail-increase',
        limit,
      ]);

    const points = await compare('2pp');
    expect(points.code).toBe(1);
    // /items/{id}: 0 → 100% failures; Aggregated: 0 → 50%.
    expect(points.stdout).toMatch(
      /^GET \/items\/\{id\} .*0\.00 → 100\.00 \(\+100\.00 pp\).*REGRESSION: fail ratio \+100\.00 pp$/m,
    );
    expect(points.stdout).toContain(
      '\n2 row(s) regressed (limits: latency/rps 100000%, fail ratio +2.00 pp)\n',
    );
    const percent = await compare('60%');
    expect(percent.stdout).toContain(
      '\n1 row(s) regressed (limits: latency/rps 100000%, fail ratio +60.00 pp)\n',
    );
    const share = await compare('0.5');
    expect(share.stdout).toContain(
      '\n1 row(s) regressed (limits: latency/rps 100000%, fail ratio +50.00 pp)\n',
    );
    const lenient = await compare('100pp');
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain(
      '\nno regression (limits: latency/rps 100000%, fail ratio +100.00 pp)\n',
    );

    const plain = await compare('1');
    expect(plain.code).toBe(2);
    expect(plain.stderr).toBe(
      "error: option '--max-fail-increase <pp>' argument '1' is invalid. a plain 1 is a share (1 = 100pp); for 1 percentage point write 1pp.\n",
    );
    const help = await journeys(['report', 'compare', '--help']);
    expect(help.stdout).toMatch(
      /--max-fail-increase <pp> +failure ratio up by more than this many percentage\n +points fails: 1pp, 0\.5pp, 1% \(= 1pp\) or a share 0\.01\n +\(default: 1pp\)/,
    );
  });
});
