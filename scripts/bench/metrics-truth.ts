/**
 * Do the service's metrics tell the truth? Drives the HTTP service with commands and prints
 * the benchmark's own mean per-operation times next to the means read from /metrics.
 *
 *   npx node scripts/bench/metrics-truth.ts                  # PGlite in memory, 600 commands
 *   BACKEND=postgres N=3000 npx node scripts/bench/metrics-truth.ts
 *
 * Both sides time the database part the same way — the wall time of each event-store call —
 * the benchmark with its own wrapper around the store, the service with the store's observer:
 *   append   bench: mean of its own appendToStream timings   /metrics: append_duration_seconds
 *   command  bench: database time spent inside each HTTP      /metrics: command_duration_seconds
 *            command (its store calls on its own aggregate's streams, one request at a time)
 * and, for reference, the client's round trip next to http_request_duration_seconds.
 * Agreement within ±10% is the target; exit code 1 when a compared pair disagrees by more.
 *
 * Env: N commands (600), BACKEND pglite|postgres|memory (postgres needs DATABASE_URL; a scratch
 * schema, dropped after), MAX_SECONDS bound (120), TOLERANCE (0.10).
 */
import { Pool } from 'undici';
import type { EventStore } from '../../service/eventstore/types.ts';
import { histogram, parsePrometheus } from '../../service/prometheus-text.ts';
import { startService } from '../../service/server.ts';
import { aroundStoreCalls } from '../../service/store-metrics.ts';
import { memoryBackend, pgliteBackend, postgresBackend } from '../../service/testing/test-backends.ts';

const env = process.env;
const N = Number(env.N ?? 600);
const MAX_SECONDS = Number(env.MAX_SECONDS ?? 120);
const TOLERANCE = Number(env.TOLERANCE ?? 0.1);
const backend = { memory: memoryBackend, pglite: pgliteBackend, postgres: postgresBackend }[
  env.BACKEND ?? 'pglite'
];
if (!backend) throw new Error(`BACKEND must be memory, pglite or postgres, got "${env.BACKEND}"`);

/**
 * The benchmark's own timers: wall time of every stream read and append, as the observer
 * measures it, kept with the stream it touched. A command is charged only for calls on its
 * own aggregate's streams, so work the checkout saga does in the background between two
 * requests is not booked to whichever command happens to run next.
 */
const own = { appendMs: [] as number[], calls: [] as { streamId: string; ms: number }[] };
function timedStore(store: EventStore): EventStore {
  return aroundStoreCalls(store, async (call, work) => {
    if (call.kind !== 'append' && call.kind !== 'readStream') return work();
    const started = performance.now();
    try {
      return await work();
    } finally {
      const ms = performance.now() - started;
      own.calls.push({ streamId: call.streamId ?? '', ms });
      if (call.kind === 'append') own.appendMs.push(ms);
    }
  });
}

const chosen = backend();
const service = await startService({
  openStore: async (options) => timedStore(await chosen.open(options)),
  log: (level, message, fields) => {
    if (level === 'error') console.error(message, fields);
  },
});
const pool = new Pool(service.url, { connections: 1 });
const signed = { 'content-type': 'application/json', 'x-gateway-signature': 'test-signature' };

/** One command over HTTP, one at a time: its round trip and the database time spent inside it. */
const perCommand = new Map<string, { rtt: number[]; db: number[] }>();
async function command(
  name: string,
  aggregate: string,
  method: 'POST' | 'PUT',
  path: string,
  body: unknown,
): Promise<any> {
  const firstCall = own.calls.length;
  const started = performance.now();
  const res = await pool.request({ method, path, headers: signed, body: JSON.stringify(body) });
  const json = await res.body.json();
  const rtt = performance.now() - started;
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${JSON.stringify(json)}`);
  const entry = perCommand.get(name) ?? { rtt: [], db: [] };
  entry.rtt.push(rtt);
  const mine = own.calls.slice(firstCall).filter((call) => call.streamId.startsWith(`${aggregate}-`));
  entry.db.push(mine.reduce((sum, call) => sum + call.ms, 0));
  perCommand.set(name, entry);
  return json;
}

const deadline = Date.now() + MAX_SECONDS * 1000;
let done = 0;
for (let i = 0; done < N && Date.now() < deadline; i++) {
  const tag = `${Date.now().toString(36)}${i}`;
  const { customer_id } = await command('RegisterCustomer', 'Customer', 'POST', '/customers', {
    external_id: `bench-${tag}`,
    email: `b${i}@example.com`,
    first_name: 'Bench',
    last_name: 'Mark',
  });
  await command('UpdateProfile', 'Customer', 'PUT', `/customers/${customer_id}/profile`, { first_name: 'B' });
  const { product_id } = await command('CreateProduct', 'Product', 'POST', '/products', {
    sku: `BENCH-${tag}`,
    title: 'B',
  });
  await command('AddVariant', 'Product', 'POST', `/products/${product_id}/variants`, {
    variant_sku: `V-${tag}`,
    base_price: 9.99,
  });
  const { payment_id } = await command('InitiatePayment', 'Payment', 'POST', '/payments', {
    order_id: crypto.randomUUID(),
    customer_id,
    amount: 9.99,
    payment_method_type: 'card',
    idempotency_key: `bench-${tag}`,
  });
  await command('RecordGatewayResult', 'Payment', 'POST', '/payments/webhook', {
    payment_id,
    gateway_status: 'succeeded',
  });
  done += 6;
}

const samples = parsePrometheus(await (await pool.request({ method: 'GET', path: '/metrics' })).body.text());
await pool.close();
await service.close();
await chosen.cleanup();

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const rows: { what: string; n: number; bench: number; metric: number; compared: boolean }[] = [];
const append = histogram(samples, 'journeys_eventstore_append_duration_seconds');
rows.push({
  what: 'append (store call)',
  n: append.count,
  bench: mean(own.appendMs),
  metric: append.meanSeconds * 1000,
  compared: true,
});
for (const [name, times] of perCommand) {
  const metric = histogram(samples, 'journeys_command_duration_seconds', { command: name, outcome: 'ok' });
  rows.push({
    what: `${name} (command, db part)`,
    n: metric.count,
    bench: mean(times.db),
    metric: metric.meanSeconds * 1000,
    compared: true,
  });
}
const allRtt = [...perCommand.values()].flatMap((t) => t.rtt);
const http = histogram(samples, 'journeys_http_request_duration_seconds');
rows.push({
  what: 'HTTP round trip vs server time',
  n: http.count,
  bench: mean(allRtt),
  metric: http.meanSeconds * 1000,
  compared: false,
});

console.log(`metrics truth — backend ${chosen.name}, ${done} commands, one at a time`);
console.log(
  `${'operation'.padEnd(40)}${'n'.padStart(7)}${'bench ms'.padStart(11)}${'/metrics ms'.padStart(13)}${'diff'.padStart(9)}`,
);
let failed = 0;
for (const row of rows) {
  const diff = (row.metric - row.bench) / row.bench;
  const verdict = !row.compared ? '(reference)' : Math.abs(diff) <= TOLERANCE ? 'ok' : 'DISAGREE';
  if (row.compared && verdict !== 'ok') failed++;
  console.log(
    `${row.what.padEnd(40)}${String(row.n).padStart(7)}${row.bench.toFixed(3).padStart(11)}${row.metric.toFixed(3).padStart(13)}${`${(diff * 100).toFixed(1)}%`.padStart(9)}  ${verdict}`,
  );
}
console.log(
  failed === 0
    ? `all compared means agree within ±${TOLERANCE * 100}%`
    : `${failed} pair(s) outside ±${TOLERANCE * 100}%`,
);
process.exit(failed === 0 ? 0 : 1);
