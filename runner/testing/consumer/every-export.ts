/**
 * A load test that uses every export of the README's API table, as a consumer writes it.
 * The package test copies it into a project made by `tsc --init` (strict, TypeScript's
 * defaults) with the packed package installed, and type-checks it: 0 errors.
 */
import {
  between,
  type ClientResponse,
  concurrently,
  constant,
  constantPacing,
  constantThroughput,
  type HttpClient,
  type Invariant,
  isRequestCancelled,
  isRequestFailed,
  Journey,
  JourneyInterrupt,
  LoadShape,
  RequestCancelled,
  RequestFailed,
  type RequestOptions,
  type ResponseCheck,
  type RunHooks,
  type ShapeRun,
  type ShapeTick,
  type TestContext,
  type Threshold,
  type ThresholdResult,
  User,
  type WaitTime,
  type Weighted,
} from 'journeys-runner';

const created: ResponseCheck = (response: ClientResponse) =>
  response.status === 201 || `got ${response.status}`;
const asJson: RequestOptions = {
  name: 'POST /orders',
  json: { items: 1 },
  expect: created,
  timeoutMs: 5_000,
};

async function stockLeft(client: HttpClient, sku: string): Promise<number> {
  const response = await client.get(`/stock/${sku}`, { name: 'GET /stock/{sku}', expect: [200] });
  return Number(response.json.available);
}

/** Two buyers race for the last unit; a lost race is an outcome, not a failure. */
class LastUnitRace extends Journey<Buyer> {
  static override tags = ['race'];
  orderId = '';
  steps = [this.order, this.race];

  async order() {
    const response = await this.client.post('/orders', asJson);
    if (typeof response.json?.id !== 'string') this.interrupt('no order id');
    this.orderId = response.json.id;
  }

  async race() {
    const pay = () =>
      this.client.post(`/orders/${this.orderId}/pay`, {
        name: 'POST /orders/{id}/pay',
        outcomes: { 201: 'won', 409: 'conflict' },
      });
    const results = await concurrently([pay(), pay()]);
    this.outcome(results.every((result) => result.ok) ? 'both' : 'one');
  }

  static async testStart(context: TestContext): Promise<{ sku: string; stock: number }> {
    return { sku: `sku-${context.seed}`, stock: await stockLeft(context.client, 'sku-1') };
  }

  static async invariants(context: TestContext, data: unknown): Promise<Invariant[]> {
    const { sku } = data as { sku: string };
    const left = await stockLeft(context.client, sku);
    return [{ name: 'no oversell', pass: left >= 0, detail: `${left} left on ${context.host}` }];
  }
}

class Browse extends Journey {
  steps = [this.home];
  override waitTime: WaitTime = constant(0.5);

  async home() {
    try {
      await this.client.get('/', { name: 'GET /' });
    } catch (error) {
      if (isRequestCancelled(error) || error instanceof RequestCancelled) return;
      if (isRequestFailed(error) || error instanceof RequestFailed) throw error;
      if (error instanceof JourneyInterrupt) return;
      throw error;
    }
  }
}

const journeys: readonly Weighted<typeof Browse | typeof LastUnitRace>[] = [
  [Browse, 3],
  [LastUnitRace, 1],
];

export class Buyer extends User {
  static override weight = 2;
  override journeys = journeys;
  override waitTime = between(1, 3);
}

export class Pacer extends User {
  static override fixedCount = 1;
  override journeys = [[Browse, 1]] as const;
  override waitTime = constantPacing(2);
}

export class Steady extends User {
  override journeys = [[Browse, 1]] as const;
  override waitTime = constantThroughput(5);
}

export const hooks: RunHooks = {
  testStop: (context) => {
    console.log(`stopped against ${context.host}`);
  },
};

/** How a CI script reads a run's thresholds back from `summary.json`. */
export function failed(thresholds: readonly Threshold[], results: readonly ThresholdResult[]): string[] {
  return results
    .filter((result) => !result.pass)
    .map(
      (result) => `${result.expression}: ${result.actual ?? 'nothing measured'} (${thresholds.length} set)`,
    );
}

/** Ramps while the last window stays fast, backs off when it slows, and ends after 2 minutes. */
export class BackOffWhenSlow extends LoadShape {
  override maxUsers = 50;
  tick(run: ShapeRun): ShapeTick {
    if (run.elapsedSeconds > 120) return null;
    if (run.stats.p95 > 500 || run.stats.failRatio > 0.01)
      return { users: Math.max(1, run.users - 5), spawnRate: 5 };
    return run.users < 40 ? { users: run.users + 2, spawnRate: 2 } : { arrivalRate: run.stats.rps };
  }
}
