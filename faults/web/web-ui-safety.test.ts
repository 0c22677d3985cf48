/**
 * The web UI against another site: DNS rebinding (a page served under the attacker's name,
 * once that name points at 127.0.0.1, sends `Host: evil.example:PORT` with a matching Origin),
 * framing (clickjacking), absurd loads through Locust's `/swarm` and the page's JSON, and
 * classes or tags that do not exist. `journeys web` runs as a real process; the browser
 * matters run in Debian's Chromium, whose resolver maps evil.example to 127.0.0.1.
 */
import { createServer, request, type Server } from 'node:http';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium } from '../../runner/testing/browser.ts';
import { cliBench } from '../../runner/testing/cli-harness.ts';
import { startWebProcess, type WebProcess } from '../../runner/web/testing/web-process.ts';
import { reportFigures } from '../testing/figures.ts';

const bench = cliBench('web-safety');
let web: WebProcess;
let port: number;

beforeAll(async () => {
  web = await startWebProcess(bench.target.url, bench.dir);
  port = Number(new URL(web.url).port);
}, 90_000);
afterAll(async () => {
  const code = await web?.quit();
  expect(code, `${web?.started.stdout()}\n${(await web?.started.done)?.stderr}`).toBe(0);
}, 30_000);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One request with the Host and Origin a browser under another name would send. */
function ask(
  path: string,
  options: { method?: string; host?: string; origin?: string; form?: string; json?: unknown } = {},
): Promise<Answer> {
  const body = options.form ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
  const headers: Record<string, string> = { host: options.host ?? `127.0.0.1:${port}` };
  if (options.origin) headers.origin = options.origin;
  if (options.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers, timeout: 10_000 },
      (res) => {
        // The live feed never ends: its headers are the answer.
        if (path === '/feed') {
          res.destroy();
          return resolve({ status: res.statusCode ?? 0, headers: res.headers, text: '' });
        }
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer to ${path} within 10 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

const state = async () => (JSON.parse((await ask('/stats/requests')).text) as { state: string }).state;

const ROUTES: { method: string; path: string; form?: string; json?: unknown }[] = [
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/feed' },
  { method: 'GET', path: '/stats/requests' },
  { method: 'GET', path: '/stats/requests/csv' },
  { method: 'GET', path: '/stop' },
  { method: 'GET', path: '/stats/reset' },
  { method: 'POST', path: '/swarm', form: 'user_count=1&spawn_rate=1&host=http://127.0.0.1:9' },
  { method: 'POST', path: '/api/start', json: { users: 1, spawnRate: 1 } },
  { method: 'POST', path: '/api/stop', json: {} },
];

describe('DNS rebinding', () => {
  it('a Host other than the names the UI is served under is refused on every route, whatever the Origin', async () => {
    const hostile = [
      'evil.example',
      '127.0.0.1.evil.example',
      'localhost.evil.example',
      '10.1.2.3',
      '[::2]',
      'evil.example:80@127.0.0.1',
    ];
    let tries = 0;
    let held = 0;
    const wrong: string[] = [];
    for (const name of hostile) {
      const host = name.includes('@') ? name : `${name}:${port}`;
      for (const route of ROUTES) {
        tries++;
        const answer = await ask(route.path, { ...route, host, origin: `http://${host}` });
        // 400 with no body: Node's parser refused a Host that is not a host before the UI saw it.
        const refused =
          (answer.status === 403 && (route.path === '/feed' || answer.text.includes(host))) ||
          (answer.status === 400 && answer.text === '');
        if (refused) held++;
        else
          wrong.push(
            `${route.method} ${route.path} Host ${host}: ${answer.status} ${answer.text.slice(0, 80)}`,
          );
      }
    }
    reportFigures('web UI: DNS-rebinding Host', { tries, held, lost: wrong.length });
    expect(wrong).toEqual([]);
    expect(await state()).toBe('ready');
    // The names it is served under pass.
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`])
      expect((await ask('/stats/requests', { host })).status).toBe(200);
  }, 60_000);

  it('in Chromium, a page under evil.example (resolved to 127.0.0.1) gets the refusal, not the UI', async () => {
    if (!hasChromium()) throw new Error('no Chromium at /usr/bin/chromium: apt-get install chromium');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--host-resolver-rules=MAP evil.example 127.0.0.1',
      ],
    });
    try {
      const page = await browser.newPage();
      const response = await page.goto(`http://evil.example:${port}/`);
      expect(response?.status()).toBe(403);
      expect(await page.content()).toContain('not a name this web UI is served under');
      // The rebound page's own script, same-origin with evil.example:PORT, cannot start a run.
      const answer = await page.evaluate(async () => {
        const res = await fetch('/swarm', { method: 'POST', body: new URLSearchParams({ user_count: '1' }) });
        return res.status;
      });
      expect(answer).toBe(403);
      expect(await state()).toBe('ready');
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('framing', () => {
  it('every answer says no site may frame it', async () => {
    const answers = [
      ...(await Promise.all(ROUTES.filter((r) => r.method === 'GET').map((r) => ask(r.path)))),
      await ask('/no-such-page'),
      await ask('/', { host: `evil.example:${port}` }),
    ];
    for (const answer of answers) {
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
    reportFigures('web UI: frame headers', { tries: answers.length, held: answers.length, lost: 0 });
  }, 30_000);

  it('in Chromium, a page of another origin cannot frame the UI', async () => {
    if (!hasChromium()) throw new Error('no Chromium at /usr/bin/chromium: apt-get install chromium');
    const framer: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><iframe id="ui" src="${web.url}/" width="800" height="600"></iframe>`);
    });
    await new Promise<void>((resolve) => framer.listen(0, '127.0.0.1', resolve));
    const framerPort = (framer.address() as { port: number }).port;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const uiAnswered = page.waitForResponse((res) => res.url() === `${web.url}/`);
      await page.goto(`http://127.0.0.1:${framerPort}/`);
      expect((await uiAnswered).status()).toBe(200);
      await page.waitForTimeout(500);
      // Blocked: the frame holds Chromium's error page, not the UI's form.
      const frame = page.frames().find((f) => f !== page.mainFrame());
      expect(frame?.url()).not.toBe(`${web.url}/`);
      const forms = frame
        ? await frame
            .locator('form')
            .count()
            .catch(() => 0)
        : 0;
      expect(forms).toBe(0);
    } finally {
      await browser.close();
      await new Promise((resolve) => framer.close(resolve));
    }
  }, 60_000);
});

describe('absurd loads and unknown names', () => {
  it('are refused with success: false and a line naming the field; the UI keeps answering', async () => {
    const cases: { path: string; form?: string; json?: unknown; says: RegExp }[] = [
      {
        path: '/swarm',
        form: 'user_count=1e12&spawn_rate=1e12',
        says: /^user_count: 1000000000000 is more than/,
      },
      {
        path: '/swarm',
        form: 'user_count=1&spawn_rate=1e12',
        says: /^spawn_rate: 1000000000000 is more than/,
      },
      { path: '/api/start', json: { users: 1e12, spawnRate: 1 }, says: /users: 1000000000000 is more than/ },
      { path: '/api/start', json: { arrivalRate: 1e9 }, says: /arrivalRate: 1000000000 is more than/ },
      {
        path: '/swarm',
        form: 'user_count=1&spawn_rate=1&user_classes=NoSuchUser',
        says: /unknown user class "NoSuchUser"/,
      },
      {
        path: '/api/start',
        json: { users: 1, userClasses: ['NoSuchUser'] },
        says: /unknown user class "NoSuchUser"/,
      },
      { path: '/swarm', form: 'user_count=1&spawn_rate=1&tags=no-such-tag', says: /no-such-tag|no journeys/ },
      { path: '/api/start', json: { users: 1, tags: ['no-such-tag'] }, says: /no-such-tag|no journeys/ },
    ];
    const wrong: string[] = [];
    for (const c of cases) {
      const answer = await ask(c.path, { method: 'POST', ...(c.form ? { form: c.form } : { json: c.json }) });
      const body = JSON.parse(answer.text) as { success: boolean; message: string };
      if (answer.status !== 400 || body.success !== false || !c.says.test(body.message))
        wrong.push(`${c.path} ${c.form ?? JSON.stringify(c.json)}: ${answer.status} ${answer.text}`);
      expect(await state()).toBe('ready');
    }
    reportFigures('web UI: absurd loads, unknown classes and tags (idle)', {
      tries: cases.length,
      held: cases.length - wrong.length,
      lost: wrong.length,
    });
    expect(wrong).toEqual([]);
  }, 60_000);

  it('Edit and /swarm during a run are bounded the same way; the run goes on', async () => {
    const start = await ask('/swarm', {
      method: 'POST',
      form: 'user_count=1&spawn_rate=1&user_classes=Shopper',
    });
    expect(JSON.parse(start.text)).toMatchObject({ success: true });
    try {
      const deadline = Date.now() + 30_000;
      while ((await state()) !== 'running' && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      expect(await state()).toBe('running');
      const swarm = await ask('/swarm', { method: 'POST', form: 'user_count=1e12' });
      expect(swarm.status).toBe(400);
      expect(JSON.parse(swarm.text).message).toMatch(/^user_count: 1000000000000 is more than/);
      const edit = await ask('/api/edit', { method: 'POST', json: { users: 1e12 } });
      expect(edit.status).toBe(400);
      expect(JSON.parse(edit.text)).toMatchObject({ success: false });
      expect(JSON.parse(edit.text).message).toMatch(/users: 1000000000000 is more than/);
      const stats = JSON.parse((await ask('/stats/requests')).text) as { state: string; user_count: number };
      expect(stats.state).toBe('running');
      expect(stats.user_count).toBe(1);
      // A request completed before the stop, so the run's verdict (and the UI's exit) is 0.
      const requested = Date.now() + 30_000;
      const completed = async () =>
        (JSON.parse((await ask('/stats/requests')).text) as { stats: { num_requests: number }[] }).stats.at(
          -1,
        )?.num_requests ?? 0;
      while ((await completed()) === 0 && Date.now() < requested)
        await new Promise((r) => setTimeout(r, 200));
    } finally {
      await ask('/stop');
    }
  }, 60_000);
});
