import { Hono } from 'hono';
import { loadAggregate } from '../../command-handler.ts';
import type { ServiceContext } from '../../context.ts';
import { NotFoundError } from '../../errors.ts';
import { routesFrom } from '../../http/command-route.ts';
import { now } from '../../http/request-meta.ts';
import { streamCommand } from '../../http/stream-command.ts';
import { nameBasedId, streamIdOf } from '../../ids.ts';
import { type Customer, customerDecider } from './customer.ts';
import { type AddAddressBody, requestSchemas } from './schemas.ts';

const streamOf = (id: string) => streamIdOf('Customer', id);

/** GET body of a customer (API.md): the aggregate without its addresses. */
function customerView({ addresses: _, ...customer }: Customer) {
  return customer;
}

/** Coordinates are kept as ShopStream keeps them, as text ("39.7817"), whichever way they came. */
function withTextCoordinates(body: AddAddressBody): AddAddressBody {
  if (body.geo_lat === undefined || body.geo_lng === undefined) return body;
  return { ...body, geo_lat: String(body.geo_lat), geo_lng: String(body.geo_lng) };
}

/**
 * Identity routes. The customer id is derived from `external_id` (UUID v5), so a duplicate
 * registration — even two at the same instant — meets the existing stream and answers 400.
 */
export function identityRoutes(ctx: ServiceContext): Hono {
  const app = new Hono();
  const route = routesFrom(app, requestSchemas);
  const run = streamCommand(ctx, customerDecider, streamOf);
  const ok = { status: 'ok' };
  const load = async (id: string): Promise<Customer> => {
    const { state } = await loadAggregate(ctx, customerDecider, streamOf(id));
    if (!state) throw new NotFoundError('Customer not found');
    return state;
  };

  route(
    'POST /customers',
    async (c, body) => {
      const customerId = nameBasedId('customer', body.external_id);
      await run(c, { type: 'RegisterCustomer', customer_id: customerId, at: now(), ...body }, customerId);
      return { customer_id: customerId };
    },
    { status: 201 },
  );
  route('PUT /customers/{id}/profile', async (c, body) => {
    await run(c, { type: 'UpdateProfile', ...body });
    return ok;
  });
  route(
    'POST /customers/{id}/addresses',
    async (c, body) => {
      await run(c, { type: 'AddAddress', address_id: crypto.randomUUID(), ...withTextCoordinates(body) });
      return ok;
    },
    { status: 201 },
  );
  route('PUT /customers/{id}/tier', async (c, body) => {
    await run(c, { type: 'ChangeTier', ...body });
    return ok;
  });
  route('PUT /customers/{id}/suspend', async (c, body) => {
    await run(c, { type: 'SuspendCustomer', reason: body.reason });
    return ok;
  });
  route('PUT /customers/{id}/reactivate', async (c) => {
    await run(c, { type: 'ReactivateCustomer' });
    return ok;
  });
  route('PUT /customers/{id}/close', async (c) => {
    await run(c, { type: 'CloseCustomer' });
    return ok;
  });
  route('GET /customers/{id}', async (c) => customerView(await load(c.req.param('id') ?? '')));
  route('GET /customers/{id}/addresses', async (c) => {
    const customer = await load(c.req.param('id') ?? '');
    return { customer_id: customer.customer_id, addresses: customer.addresses };
  });
  return app;
}
