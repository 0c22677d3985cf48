import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { histogram, parsePrometheus, sumOf } from './prometheus-text.ts';
import { startTestService, type TestService, testBackends } from './testing/test-service.ts';

const N = 40;

describe.each(testBackends())('metrics tell the truth on %s', (backend) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(backend);
  });
  afterAll(() => service?.close());

  it(`counts exactly the ${N} commands driven, and the nested timings are consistent`, async () => {
    const clientMs: number[] = [];
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const started = performance.now();
      const res = await service.api.post('/customers', {
        external_id: `truth-${i}-${crypto.randomUUID()}`,
        email: `t${i}@example.com`,
        first_name: 'T',
        last_name: 'Ruth',
      });
      clientMs.push(performance.now() - started);
      expect(res.status).toBe(201);
      ids.push(res.body.customer_id);
    }
    for (const id of ids.slice(0, 10))
      expect((await service.api.put(`/customers/${id}/close`)).status).toBe(200);
    expect((await service.api.put(`/customers/${ids[0]}/close`)).status).toBe(400);

    const samples = parsePrometheus(await (await fetch(`${service.url}/metrics`)).text());
    const register = histogram(samples, 'journeys_command_duration_seconds', {
      command: 'RegisterCustomer',
      outcome: 'ok',
    });
    const close = histogram(samples, 'journeys_command_duration_seconds', {
      command: 'CloseCustomer',
      outcome: 'ok',
    });
    const refused = histogram(samples, 'journeys_command_duration_seconds', { outcome: 'business_error' });
    const appends = histogram(samples, 'journeys_eventstore_append_duration_seconds');
    const http = histogram(samples, 'journeys_http_request_duration_seconds', {
      method: 'POST',
      route: '/customers',
    });
    expect(register.count).toBe(N);
    expect(close.count).toBe(10);
    expect(refused.count).toBe(1);
    // every successful command appended once; nothing else appended
    expect(appends.count).toBe(N + 10);
    expect(sumOf(samples, 'journeys_eventstore_appends_total')).toBe(N + 10);
    expect(sumOf(samples, 'journeys_eventstore_conflicts_total')).toBe(0);
    expect(sumOf(samples, 'journeys_domain_events_total', { type: 'CustomerRegistered' })).toBe(N);
    expect(sumOf(samples, 'journeys_http_requests_total', { route: '/customers', status: '201' })).toBe(N);
    expect(
      sumOf(samples, 'journeys_http_requests_total', { route: '/customers/:id/close', status: '400' }),
    ).toBe(1);
    expect(http.count).toBe(N);
    // Timers nest: append ⊂ command ⊂ server request ⊂ client round trip, so the means must too (units: seconds).
    const clientMean = clientMs.reduce((a, b) => a + b, 0) / N / 1000;
    expect(appends.meanSeconds).toBeGreaterThan(0);
    expect(register.meanSeconds).toBeGreaterThan(0);
    expect(register.meanSeconds).toBeLessThanOrEqual(http.meanSeconds);
    expect(http.meanSeconds).toBeLessThanOrEqual(clientMean);
    expect(clientMean).toBeLessThan(10); // seconds, not milliseconds mislabelled
  });
});
