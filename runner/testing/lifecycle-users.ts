/**
 * A user class whose run hooks talk to the target, for the run-lifecycle tests: its
 * invariants ask GET /health, so they fail when the target died before the end.
 * LIFECYCLE_THROW=testStop|invariants makes that hook throw; LIFECYCLE_SLOW_STOP_MS makes
 * testStop announce itself and take that long, LIFECYCLE_SLOW_START_MS the same for
 * testStart; LIFECYCLE_UNCAUGHT=1 throws outside any
 * await (an uncaught exception in the runner) once the load runs.
 */
import { constant, Journey, type TestContext, User } from '../api/index.ts';

export class Ping extends Journey {
  steps = [this.ping];

  async ping() {
    await this.client.get('/health', { name: '/health' });
  }
}

export class Watcher extends User {
  journeys = [[Ping, 1]] as const;
  waitTime = constant(0.05);

  static async testStart() {
    const ms = Number(process.env.LIFECYCLE_SLOW_START_MS ?? 0);
    if (ms > 0) {
      console.log('Watcher.testStart: waiting');
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
    if (process.env.LIFECYCLE_UNCAUGHT === '1') {
      setTimeout(() => {
        throw new Error('uncaught on purpose');
      }, 300);
    }
    return {};
  }

  static async testStop() {
    const ms = Number(process.env.LIFECYCLE_SLOW_STOP_MS ?? 0);
    if (ms > 0) {
      console.log('Watcher.testStop: waiting');
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
    if (process.env.LIFECYCLE_THROW === 'testStop') throw new Error('cleanup endpoint missing');
  }

  static async invariants(context: TestContext) {
    if (process.env.LIFECYCLE_THROW === 'invariants')
      throw new Error('stock endpoint missing\n  at line two');
    const response = await context.client.get('/health', { name: 'invariant /health' });
    return [
      { name: 'target-alive', pass: response.status === 200, detail: `GET /health ${response.status}` },
    ];
  }
}
