/**
 * The report end to end: a real short run of the CLI (child process of runner/bin.js)
 * against a real HTTP server on 127.0.0.1:0, then its HTML report opened in Debian's
 * headless Chromium — no errors, charts with data, tables equal to the CSV files — and the
 * threshold exit codes (0 pass, 1 fail, 2 bad expression).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawnCharts, hasChromium, launchChromium, openReport, parseXml } from '../testing/browser.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const usersModule = 'runner/testing/report-users.ts';
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

let server: Server;
let host: string;
let dir: string;
const served = new Map<string, number>();

beforeAll(async () => {
  let orders = 0;
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const path = (request.url ?? '/').replace(/\/\d+$/, '/{id}');
      served.set(path, (served.get(path) ?? 0) + 1);
      let status = path === '/items' || path === '/items/{id}' ? 200 : 404;
      if (path === '/orders') status = ++orders % 4 === 0 ? 500 : 201;
      response.writeHead(status, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'journeys-report-'));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  if (!process.env.JOURNEYS_KEEP_REPORT_TEST) await rm(dir, { recursive: true, force: true });
  else console.log(`report test files kept in ${dir}`);
});

function journeys(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['runner/bin.js', ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Rows of a CSV file written by the runner (no quoted commas in the columns read here). */
async function csv(path: string): Promise<Record<string, string>[]> {
  const [header, ...lines] = (await readFile(path, 'utf8')).trim().split(/\r?\n/);
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i], cell])));
}

const base = (extra: string[]) => [
  'run',
  '-f',
  usersModule,
  'ReportShopper',
  '--threads',
  '1',
  '-H',
  host,
  ...extra,
];

describe.skipIf(!hasChromium())('the HTML report of a real run, in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('has no errors, charts with data, and the CSV numbers in its tables', async () => {
    const resultsDir = join(dir, 'results');
    const junit = join(dir, 'run-junit.xml');
    const run = await journeys(
      base([
        '-u',
        '3',
        '-r',
        '10',
        '-t',
        '5s',
        '--stop-timeout',
        '5s',
        '--results-dir',
        resultsDir,
        '--junit',
        junit,
        '--threshold',
        'p95<10s',
        '--threshold',
        'fail_ratio<0.5',
        '--exit-code-on-error',
        '0',
      ]),
    );
    expect(run.code, run.stderr).toBe(0);
    const [folder] = await readdir(resultsDir);
    const results = join(resultsDir, folder);
    const prefix = join(results, 'run');
    expect(existsSync(`${prefix}_report.html`)).toBe(true);

    // summary.json is valid against the published schema.
    const schema = JSON.parse(await readFile(join(root, 'runner/stats/summary.schema.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const summary = JSON.parse(await readFile(`${prefix}_summary.json`, 'utf8'));
    expect(validate(summary), JSON.stringify(validate.errors)).toBe(true);
    expect(summary.schemaVersion).toBe(1);

    const report = await openReport(browser, `${prefix}_report.html`);
    const { page } = report;
    expect(report.errors).toEqual([]);
    const charts = await drawnCharts(page);
    expect(charts.map((c) => c.id)).toEqual(['chart-rps', 'chart-latency', 'chart-users']);
    for (const chart of charts) {
      expect(chart.rows, chart.id).toBeGreaterThanOrEqual(3);
      expect(chart.points, chart.id).toBeGreaterThan(0);
    }
    expect(await page.locator('.uplot canvas').count()).toBe(3);

    // Request and failure counts in the tables are those of the CSV files.
    const stats = await csv(`${prefix}_stats.csv`);
    const table = await page.$$eval('#requests tbody tr, #requests tfoot tr', (rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    expect(table.map((cells) => [cells[0], cells[1], cells[2], cells[3]])).toEqual(
      stats.map((row) => [row.Type, row.Name, row['Request Count'], row['Failure Count']]),
    );
    const names = stats.map((row) => row.Name);
    expect(names).toEqual(['GET /items', 'GET /items/{id}', 'POST /orders', 'Aggregated']);
    const orders = stats.find((row) => row.Name === 'POST /orders')!;
    expect(Number(orders['Failure Count'])).toBeGreaterThan(0);
    expect(Number(orders['Request Count'])).toBe(served.get('/orders'));

    const failures = await csv(`${prefix}_failures.csv`);
    const failureRows = await page.$$eval('#failures tbody tr', (rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    expect(failureRows.map((cells) => [cells[0], cells[1], cells[3]])).toEqual(
      failures.map((row) => [row.Method, row.Name, row.Occurrences]),
    );
    const journeyCells = await page.$$eval('#journeys tbody td', (cells) => cells.map((c) => c.textContent));
    expect(journeyCells[0]).toBe('BrowseAndOrder');
    expect(await page.locator('#thresholds td.pass').count()).toBe(2);
    expect(await page.textContent('#outcome')).toBe('PASS');

    // JUnit: well-formed (the browser's XML parser), one testcase per threshold.
    const xml = await readFile(junit, 'utf8');
    const parsed = await parseXml(page, xml, ['testcase', 'testcase > failure']);
    expect(parsed).toEqual({ error: null, counts: { testcase: 2, 'testcase > failure': 0 } });

    await page.screenshot({ path: join(results, 'report.png'), fullPage: true });
    expect(existsSync(join(results, 'report.png'))).toBe(true);
    await report.close();
  }, 90_000);
});

describe('thresholds end to end', () => {
  it('passing thresholds exit 0, a failing one exits 1 with the list in console, summary, JUnit and HTML', async () => {
    // Iteration-bounded (6 journeys, 18 requests): exact, however slowly the workers start on a busy machine.
    const common = ['-u', '2', '-r', '10', '-i', '6', '--exit-code-on-error', '0'];
    const pass = await journeys(base([...common, '--csv', join(dir, 'pass'), '--threshold', 'count>0']));
    expect(pass.code).toBe(0);
    expect(pass.stdout).toMatch(/^threshold count>0: PASS/m);

    const prefix = join(dir, 'fail');
    const junit = join(dir, 'fail-junit.xml');
    const fail = await journeys(
      base([
        ...common,
        '--csv',
        prefix,
        '--junit',
        junit,
        '--threshold',
        'GET /items: p95<0.001ms',
        '--threshold',
        'count>0',
      ]),
    );
    expect(fail.code, fail.stderr).toBe(1);
    expect(fail.stdout).toMatch(/^threshold GET \/items: p95<0\.001ms: FAIL \(\d/m);
    expect(fail.stdout).toMatch(/^threshold count>0: PASS/m);
    const summary = JSON.parse(await readFile(`${prefix}_summary.json`, 'utf8'));
    expect(
      summary.thresholds.map((t: { expression: string; pass: boolean }) => [t.expression, t.pass]),
    ).toEqual([
      ['GET /items: p95<0.001ms', false],
      ['count>0', true],
    ]);
    expect(summary.exitCode).toBe(1);
    const xml = await readFile(junit, 'utf8');
    expect(xml).toContain('tests="2" failures="1"');
    expect(xml).toMatch(
      /<testcase classname="thresholds" name="GET \/items: p95&lt;0\.001ms" time="0">\s*<failure /,
    );
    const html = await readFile(`${prefix}_report.html`, 'utf8');
    expect(html).toContain('<code>GET /items: p95&lt;0.001ms</code></td><td class="fail">FAIL</td>');
    expect(html).toContain('id="outcome">FAIL');
  }, 60_000);

  it('a bad threshold expression exits 2 naming it, before any request is sent', async () => {
    served.clear();
    const bad = await journeys(
      base(['-u', '1', '-t', '1s', '--csv', join(dir, 'bad'), '--threshold', 'p95 <> 3']),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^error: --threshold: threshold "p95 <> 3": /);
    expect(served.size).toBe(0);
    expect(existsSync(join(dir, 'bad_stats.csv'))).toBe(false);
  }, 30_000);
});

describe('--prometheus-port', () => {
  it('serves the live merged stats while the run goes on', async () => {
    const child = spawn(
      process.execPath,
      [
        'runner/bin.js',
        ...base(['-u', '2', '-r', '10', '-t', '6s', '--csv', join(dir, 'prom'), '--prometheus-port', '0']),
      ],
      { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        const match = /prometheus metrics at (\S+)/.exec(stdout);
        if (match) resolve(match[1]);
      });
      child.on('close', () => reject(new Error(`exited before serving metrics:\n${stdout}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    // Bounded: at most 20 scrapes (5 s, within the 6 s run), until requests have been merged.
    let text = '';
    for (let i = 0; i < 20 && !/result="success"\} [1-9]/.test(text); i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      text = await (await fetch(url)).text();
    }
    expect(text).toMatch(/journeys_requests_total\{method="GET",name="GET \/items",result="success"\} [1-9]/);
    expect(text).toMatch(/journeys_users [12]\n/);
    expect(await exited).toBe(1); // POST /orders fails now and then
    await expect(fetch(url)).rejects.toThrow();
  }, 30_000);
});
