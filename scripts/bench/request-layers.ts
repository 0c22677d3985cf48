/**
 * What each layer of a saturated request costs, one process and 50 loops each, CPU per request:
 *
 * - `runner`: the runner's own layers alone — 50 users of a one-step `Journey` (or, with
 *   `--task`, a task function) on a stand-in dispatcher that answers every request of a turn
 *   of the event loop at the next `setImmediate`: no socket, no undici;
 * - `undici`: the runner's exchange on one undici `Pool` against the target, nothing around it;
 * - `socket`: plain keep-alive sockets writing one prebuilt GET and framing the answers by
 *   content-length — roughly what autocannon does per request.
 *
 *   npx node scripts/bench/request-layers.ts [--seconds 5] [--rounds 2] [--task] [--layers runner,undici,socket]
 *
 * Starts ./target.ts for `undici` and `socket`; rounds interleave the layers.
 */
import { connect } from 'node:net';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { constant, Journey, User } from '../../runner/api/index.ts';
import { planJourneys } from '../../runner/engine/journey-plan.ts';
import { UserLoop } from '../../runner/engine/user-loop.ts';
import { ConnectionPools } from '../../runner/http/connection-pools.ts';
import { exchange } from '../../runner/http/exchange.ts';
import { StatsRecorder } from '../../runner/stats/recorder.ts';
import { startTarget } from './start-target.ts';

const LOOPS = 50;
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
    task: { type: 'boolean', default: false },
    /** Which layers, comma-separated. */
    layers: { type: 'string', default: 'runner,undici,socket' },
  },
});
const seconds = Number(values.seconds);
const layers = values.layers.split(',');
/** Each measurement follows an unmeasured second of the same work (JIT, connections). */
const WARM_UP_SECONDS = 1;

/** Runs `body` for the bounded time and prints its CPU per request (the whole process, every thread). */
async function measure(layer: string, body: (until: number) => Promise<number>): Promise<void> {
  if (!layers.includes(layer)) return;
  await body(performance.now() + WARM_UP_SECONDS * 1000);
  const cpu = process.cpuUsage();
  const requests = await body(performance.now() + seconds * 1000);
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  console.log(
    `  ${layer.padEnd(8)} ${String(requests).padStart(9)} req ${cpuSeconds.toFixed(2).padStart(5)} CPU-s ${((cpuSeconds * 1e6) / requests).toFixed(2).padStart(6)} µs/req ${Math.round(
      requests / cpuSeconds,
    )
      .toString()
      .padStart(8)} req/CPU-s`,
  );
}

class RootJourney extends Journey {
  steps = [this.root];

  async root() {
    await this.client.get('/', { name: 'root' });
  }
}

async function getRoot(user: User): Promise<void> {
  await user.client.get('/', { name: 'root' });
}

/** A dispatcher that answers each request of a turn of the event loop at the next `setImmediate`. */
function standInDispatcher(onAnswer: () => void) {
  const body = Buffer.from('ok');
  const controller = { pause() {}, resume() {}, abort() {} };
  let waiting: Array<import('undici').Dispatcher.DispatchHandler> = [];
  const answer = () => {
    const batch = waiting;
    waiting = [];
    for (const handler of batch) {
      const headers = { 'content-type': 'text/plain', 'content-length': '2' };
      handler.onResponseStart?.(controller as never, 200, headers, 'OK');
      handler.onResponseData?.(controller as never, body);
      handler.onResponseEnd?.(controller as never, {});
      onAnswer();
    }
  };
  return {
    dispatch(_options: unknown, handler: import('undici').Dispatcher.DispatchHandler) {
      if (waiting.push(handler) === 1) setImmediate(answer);
      return true;
    },
  };
}

async function runnerLayers(until: number): Promise<number> {
  let requests = 0;
  const pools = new ConnectionPools();
  const dispatcher = standInDispatcher(() => requests++);
  pools.get = () => dispatcher as never;
  const target = values.task ? getRoot : RootJourney;
  class BenchUser extends User {
    journeys = [[target, 1]] as const;
    waitTime = constant(0);
  }
  const plan = planJourneys('BenchUser', [
    { name: target.name, weight: 1, tags: [], kind: values.task ? 'task' : 'journey', target },
  ]);
  const recorder = new StatsRecorder();
  const loops = Array.from(
    { length: LOOPS },
    (_, id) =>
      new UserLoop({
        userClass: BenchUser,
        context: { host: 'http://127.0.0.1:9', id, seed: id, testData: {} },
        pools,
        recorder,
        plan,
      }),
  );
  await new Promise((resolve) => setTimeout(resolve, until - performance.now()));
  for (const loop of loops) loop.stop();
  await Promise.all(loops.map((loop) => loop.done));
  return requests;
}

async function undiciExchange(url: string, until: number): Promise<number> {
  const pool = new Pool(url, { connections: null, pipelining: 1, keepAliveTimeout: 30_000 });
  let requests = 0;
  const loop = async () => {
    while (performance.now() < until) {
      await exchange(pool, {
        path: '/',
        method: 'GET',
        headers: {},
        headersTimeout: 60_000,
        bodyTimeout: 60_000,
      });
      requests++;
    }
  };
  await Promise.all(Array.from({ length: LOOPS }, loop));
  await pool.close();
  return requests;
}

async function plainSockets(url: string, until: number): Promise<number> {
  const { hostname, port, host } = new URL(url);
  const get = Buffer.from(`GET / HTTP/1.1\r\nhost: ${host}\r\nconnection: keep-alive\r\n\r\n`);
  let requests = 0;
  const loop = () =>
    new Promise<void>((done) => {
      const socket = connect(Number(port), hostname, () => socket.write(get));
      socket.setNoDelay(true);
      let pending = '';
      socket.on('data', (chunk: Buffer) => {
        pending += chunk.toString('latin1');
        for (;;) {
          const headEnd = pending.indexOf('\r\n\r\n');
          if (headEnd < 0) return;
          const length = Number(/content-length: *(\d+)/i.exec(pending.slice(0, headEnd))?.[1] ?? 0);
          if (pending.length < headEnd + 4 + length) return;
          pending = pending.slice(headEnd + 4 + length);
          requests++;
          if (performance.now() >= until) {
            socket.end();
            return done();
          }
          socket.write(get);
        }
      });
    });
  await Promise.all(Array.from({ length: LOOPS }, loop));
  return requests;
}

const target = await startTarget();
try {
  console.log(`${LOOPS} loops, ${seconds} s per layer and round; CPU = this whole process`);
  for (let round = 1; round <= Number(values.rounds); round++) {
    console.log(`round ${round}`);
    await measure('runner', runnerLayers);
    await measure('undici', (until) => undiciExchange(target.url, until));
    await measure('socket', (until) => plainSockets(target.url, until));
  }
} finally {
  target.stop();
}
