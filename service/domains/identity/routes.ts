import { Hono } from 'hono';
import { handleCommand, loadAggregate } from '../../command-handler.ts';
import type { ServiceContext } from '../../context.ts';
import { NotFoundError } from '../../errors.ts';
import { parseBody } from '../../http/json-body.ts';
import { commandMetadata, now } from '../../http/request-meta.ts';
import { nameBasedId, streamIdOf } from '../../ids.ts';
import { type Customer, type CustomerCommand, customerDecider } from './customer.ts';
import {
  type AddAddressBody,
  type ChangeTierBody,
  type RegisterCustomerBody,
  requestSchemas,
  type SuspendBody,
  type UpdateProfileBody,
} from './schemas.ts';

const streamOf = (id: string) => streamIdOf('Customer', id);

/** GET body of a customer (API.md): the aggregate without its addresses. */
function customerView({ addresses: _, ...customer }: Customer) {
  return customer;
}

/**
 * Identity routes. The customer id is derived from `external_id` (UUID v5), so a duplicate
 * registration — even two at the same instant — meets the existing stream and answers 400.
 */
export function identityRoutes(ctx: ServiceContext): Hono {
  const app = new Hono();
  const run = (c: Parameters<typeof commandMetadata>[0], id: string, command: CustomerCommand) =>
    handleCommand(ctx, customerDecider, streamOf(id), command, { metadata: commandMetadata(c) });
  const load = async (id: string): Promise<Customer> => {
    const { state } = await loadAggregate(ctx, customerDecider, streamOf(id));
    if (!state) throw new NotFoundError('Customer not found');
    return state;
  };

  app.post('/customers', async (c) => {
    const body = await parseBody<RegisterCustomerBody>(c, requestSchemas['POST /customers']);
    const customerId = nameBasedId('customer', body.external_id);
    await run(c, customerId, { type: 'RegisterCustomer', customer_id: customerId, at: now(), ...body });
    return c.json({ customer_id: customerId }, 201);
  });
  app.put('/customers/:id/profile', async (c) => {
    const body = await parseBody<UpdateProfileBody>(c, requestSchemas['PUT /customers/{id}/profile']);
    await run(c, c.req.param('id'), { type: 'UpdateProfile', ...body });
    return c.json({ status: 'ok' });
  });
  app.post('/customers/:id/addresses', async (c) => {
    const body = await parseBody<AddAddressBody>(c, requestSchemas['POST /customers/{id}/addresses']);
    await run(c, c.req.param('id'), { type: 'AddAddress', address_id: crypto.randomUUID(), ...body });
    return c.json({ status: 'ok' }, 201);
  });
  app.put('/customers/:id/tier', async (c) => {
    const body = await parseBody<ChangeTierBody>(c, requestSchemas['PUT /customers/{id}/tier']);
    await run(c, c.req.param('id'), { type: 'ChangeTier', ...body });
    return c.json({ status: 'ok' });
  });
  app.put('/customers/:id/suspend', async (c) => {
    const body = await parseBody<SuspendBody>(c, requestSchemas['PUT /customers/{id}/suspend']);
    await run(c, c.req.param('id'), { type: 'SuspendCustomer', reason: body.reason });
    return c.json({ status: 'ok' });
  });
  app.put('/customers/:id/reactivate', async (c) => {
    await run(c, c.req.param('id'), { type: 'ReactivateCustomer' });
    return c.json({ status: 'ok' });
  });
  app.put('/customers/:id/close', async (c) => {
    await run(c, c.req.param('id'), { type: 'CloseCustomer' });
    return c.json({ status: 'ok' });
  });
  app.get('/customers/:id', async (c) => c.json(customerView(await load(c.req.param('id')))));
  app.get('/customers/:id/addresses', async (c) => {
    const customer = await load(c.req.param('id'));
    return c.json({ customer_id: customer.customer_id, addresses: customer.addresses });
  });
  return app;
}
