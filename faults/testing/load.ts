/**
 * Test support: a bounded closed-loop load of `workers` clients, each sending one request at a
 * time until `stop()` or `maxRequests`, with a client-side timeout (the client gives up, as a
 * load tester's user would). Every attempt is kept with its times and outcome.
 */
export interface Attempt {
  n: number;
  /** The request's own key (external_id, order_id) so the store can be searched for it afterwards. */
  key: string;
  kind: string;
  sentAt: number;
  endedAt: number;
  /** HTTP status, 'gave-up' (client timeout), or the socket error code (the server went away). */
  outcome: number | 'gave-up' | string;
  body?: unknown;
  retryAfter?: string | null;
}

export interface PlannedRequest {
  kind: string;
  key: string;
  method: string;
  path: string;
  body?: unknown;
}

export interface Load {
  attempts: Attempt[];
  stop(): void;
  /** Resolves once every worker has finished its last request. */
  done: Promise<void>;
}

export function startLoad(options: {
  url: string;
  workers: number;
  maxRequests: number;
  timeoutMs: number;
  plan(n: number): PlannedRequest;
}): Load {
  const attempts: Attempt[] = [];
  let next = 0;
  let stopped = false;
  async function worker() {
    while (!stopped && next < options.maxRequests) {
      const n = next++;
      const planned = options.plan(n);
      const sentAt = performance.now();
      const attempt: Attempt = {
        n,
        key: planned.key,
        kind: planned.kind,
        sentAt,
        endedAt: sentAt,
        outcome: 0,
      };
      try {
        const res = await fetch(`${options.url}${planned.path}`, {
          method: planned.method,
          headers: { 'content-type': 'application/json' },
          body: planned.body === undefined ? undefined : JSON.stringify(planned.body),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        const text = await res.text();
        attempt.outcome = res.status;
        attempt.retryAfter = res.headers.get('retry-after');
        try {
          attempt.body = JSON.parse(text);
        } catch {
          attempt.body = text;
        }
      } catch (error) {
        const e = error as { name?: string; cause?: { code?: string } };
        attempt.outcome = e.name === 'TimeoutError' ? 'gave-up' : (e.cause?.code ?? String(error));
      }
      attempt.endedAt = performance.now();
      attempts.push(attempt);
      if (attempt.outcome !== 200 && attempt.outcome !== 201 && !stopped) {
        await new Promise((resolve) => setTimeout(resolve, 20)); // a failing target is not hammered
      }
    }
  }
  const done = Promise.all(Array.from({ length: options.workers }, worker)).then(() => undefined);
  return {
    attempts,
    stop: () => {
      stopped = true;
    },
    done,
  };
}
