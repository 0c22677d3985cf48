import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startTestService, type TestService, testBackends } from '../../testing/test-service.ts';

let seq = 0;
const customer = (extra: Record<string, unknown> = {}) => ({
  external_id: `ext-${Date.now()}-${++seq}`,
  email: `user${seq}@example.com`,
  first_name: 'Ada',
  last_name: 'Lovelace',
  phone: '+1-555-234-5678',
  date_of_birth: '1990-12-10',
  ...extra,
});
const address = {
  label: 'Home',
  street: '1 Main St',
  city: 'Springfield',
  postal_code: '12345',
  country: 'US',
};

describe.each(testBackends())('identity API on %s', (backend) => {
  let service: TestService;
  let api: Api;
  beforeAll(async () => {
    service = await startTestService(backend);
    api = service.api;
  });
  afterAll(() => service?.close());

  async function register(extra?: Record<string, unknown>): Promise<string> {
    const res = await api.post('/customers', customer(extra));
    expect(res.status).toBe(201);
    return res.body.customer_id;
  }

  it('registers a customer and reads it back at once', async () => {
    const body = customer();
    const res = await api.post('/customers', body);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['customer_id']);
    const got = await api.get(`/customers/${res.body.customer_id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      customer_id: res.body.customer_id,
      external_id: body.external_id,
      email: body.email,
      first_name: 'Ada',
      last_name: 'Lovelace',
      phone: '+1-555-234-5678',
      status: 'Active',
      tier: 'Standard',
    });
    expect(Date.parse(got.body.registered_at)).not.toBeNaN();
  });

  it('refuses a duplicate external_id with 400, also when both arrive at once', async () => {
    const body = customer();
    const results = await Promise.all([api.post('/customers', body), api.post('/customers', body)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 400]);
    const refused = results.find((r) => r.status === 400)!;
    expect(refused.body.error.external_id[0]).toMatch(/already exists/);
    expect(typeof refused.body.correlation_id).toBe('string');
  });

  it('answers 422 with FastAPI-style detail for schema errors', async () => {
    const res = await api.post('/customers', {
      email: 'not-an-email',
      first_name: 'x'.repeat(101),
      phone: 'abc',
    });
    expect(res.status).toBe(422);
    const locs = res.body.detail.map((d: { loc: string[] }) => d.loc.join('.'));
    expect(locs).toEqual(
      expect.arrayContaining([
        'body.external_id',
        'body.last_name',
        'body.email',
        'body.first_name',
        'body.phone',
      ]),
    );
    for (const d of res.body.detail)
      expect(d).toEqual({ loc: expect.any(Array), msg: expect.any(String), type: expect.any(String) });
    expect(res.body.detail.find((d: { loc: string[] }) => d.loc[1] === 'external_id').type).toBe('missing');
  });

  it('ignores unknown fields', async () => {
    const res = await api.post('/customers', customer({ nickname: 'ada', __proto__x: 1 }));
    expect(res.status).toBe(201);
    const got = await api.get(`/customers/${res.body.customer_id}`);
    expect(got.body.nickname).toBeUndefined();
  });

  it('updates the profile', async () => {
    const id = await register();
    expect(
      (await api.put(`/customers/${id}/profile`, { first_name: 'Grace', phone: '555 1234' })).body,
    ).toEqual({
      status: 'ok',
    });
    const got = await api.get(`/customers/${id}`);
    expect(got.body).toMatchObject({ first_name: 'Grace', last_name: 'Lovelace', phone: '555 1234' });
  });

  it('adds up to ten addresses, the first one default; geo needs both coordinates', async () => {
    const id = await register();
    const first = await api.post(`/customers/${id}/addresses`, { ...address, geo_lat: 1.5, geo_lng: 2.5 });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ status: 'ok' });
    const half = await api.post(`/customers/${id}/addresses`, { ...address, geo_lat: 1.5 });
    expect(half.status).toBe(422);
    expect(half.body.detail[0].loc).toEqual(['body', 'geo_lng']);
    for (let i = 1; i < 10; i++)
      expect((await api.post(`/customers/${id}/addresses`, address)).status).toBe(201);
    const eleventh = await api.post(`/customers/${id}/addresses`, address);
    expect(eleventh.status).toBe(400);
    expect(eleventh.body.error.addresses).toHaveLength(1);
    const list = await api.get(`/customers/${id}/addresses`);
    expect(list.body.customer_id).toBe(id);
    expect(list.body.addresses).toHaveLength(10);
    expect(list.body.addresses.map((a: { is_default: boolean }) => a.is_default)).toEqual([
      true,
      ...Array(9).fill(false),
    ]);
  });

  it('takes coordinates as ShopStream sends them (decimal strings) or as numbers, kept as text', async () => {
    const id = await register();
    const text = await api.post(`/customers/${id}/addresses`, {
      ...address,
      geo_lat: '39.7817',
      geo_lng: '-89.6501',
    });
    expect(text.status).toBe(201);
    const numbers = await api.post(`/customers/${id}/addresses`, { ...address, geo_lat: -90, geo_lng: 180 });
    expect(numbers.status).toBe(201);
    const { addresses } = (await api.get(`/customers/${id}/addresses`)).body;
    expect(addresses.map((a: { geo_lat: string; geo_lng: string }) => [a.geo_lat, a.geo_lng])).toEqual([
      ['39.7817', '-89.6501'],
      ['-90', '180'],
    ]);

    const one = await api.post(`/customers/${id}/addresses`, { ...address, geo_lng: '-89.6501' });
    expect(one.status).toBe(422);
    expect(one.body.detail).toEqual([
      { loc: ['body', 'geo_lat'], msg: "Field required when 'geo_lng' is given", type: 'missing' },
    ]);
    const wrong = await api.post(`/customers/${id}/addresses`, {
      ...address,
      geo_lat: '90.5',
      geo_lng: 'east',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.detail.map((d: { loc: unknown[]; type: string }) => [d.loc, d.type])).toEqual([
      [['body', 'geo_lat'], 'value_error'],
      [['body', 'geo_lng'], 'value_error'],
    ]);
    expect(wrong.body.detail[0].msg).toBe(
      'Input should be a number from -90 to 90, or a decimal string such as "39.7817"',
    );
    const typed = await api.post(`/customers/${id}/addresses`, { ...address, geo_lat: true, geo_lng: 1 });
    expect(typed.body.detail[0]).toMatchObject({ loc: ['body', 'geo_lat'], type: 'string_type' });
    expect((await api.get(`/customers/${id}/addresses`)).body.addresses).toHaveLength(2);
  });

  it('upgrades tiers strictly upward', async () => {
    const id = await register();
    for (const tier of ['Silver', 'Gold'])
      expect((await api.put(`/customers/${id}/tier`, { new_tier: tier })).status).toBe(200);
    const same = await api.put(`/customers/${id}/tier`, { new_tier: 'Gold' });
    expect(same.status).toBe(400);
    const down = await api.put(`/customers/${id}/tier`, { new_tier: 'Standard' });
    expect(down.status).toBe(400);
    expect(down.body.error.new_tier).toHaveLength(1);
    expect((await api.put(`/customers/${id}/tier`, { new_tier: 'Diamond' })).status).toBe(422);
    expect((await api.put(`/customers/${id}/tier`, { new_tier: 'Platinum' })).status).toBe(200);
    expect((await api.get(`/customers/${id}`)).body.tier).toBe('Platinum');
  });

  it('walks the account lifecycle and refuses illegal transitions', async () => {
    const id = await register();
    const reactivateActive = await api.put(`/customers/${id}/reactivate`);
    expect(reactivateActive.status).toBe(400);
    expect(reactivateActive.body.error).toEqual({ status: ['Cannot transition from Active to Active'] });
    expect((await api.put(`/customers/${id}/suspend`, { reason: 'chargeback' })).status).toBe(200);
    expect((await api.get(`/customers/${id}`)).body.status).toBe('Suspended');
    const again = await api.put(`/customers/${id}/suspend`, { reason: 'again' });
    expect(again.body.error).toEqual({ status: ['Cannot transition from Suspended to Suspended'] });
    expect((await api.put(`/customers/${id}/suspend`, {})).status).toBe(422);
    expect((await api.put(`/customers/${id}/reactivate`)).status).toBe(200);
    expect((await api.put(`/customers/${id}/close`)).status).toBe(200);
    const closeAgain = await api.put(`/customers/${id}/close`);
    expect(closeAgain.status).toBe(400);
    expect(closeAgain.body.error).toEqual({ status: ['Cannot transition from Closed to Closed'] });
    expect((await api.put(`/customers/${id}/suspend`, { reason: 'x' })).body.error).toEqual({
      status: ['Cannot transition from Closed to Suspended'],
    });
  });

  it('answers 404 for unknown ids on every customer route', async () => {
    const unknown = crypto.randomUUID();
    const calls = [
      api.get(`/customers/${unknown}`),
      api.get(`/customers/${unknown}/addresses`),
      api.put(`/customers/${unknown}/profile`, { first_name: 'X' }),
      api.post(`/customers/${unknown}/addresses`, address),
      api.put(`/customers/${unknown}/tier`, { new_tier: 'Gold' }),
      api.put(`/customers/${unknown}/suspend`, { reason: 'x' }),
      api.put(`/customers/${unknown}/reactivate`),
      api.put(`/customers/${unknown}/close`),
      api.get('/customers/not%20an%20id'),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: 'Customer not found' });
    }
  });
});
