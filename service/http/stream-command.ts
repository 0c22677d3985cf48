import type { Context } from 'hono';
import { type CommandResult, handleCommand } from '../command-handler.ts';
import type { ServiceContext } from '../context.ts';
import type { Decider, DomainEvent } from '../domains/decider.ts';
import { commandMetadata } from './request-meta.ts';

/**
 * Runs a request's command on one aggregate's stream, by default the one the path's `{id}`
 * names; the request id travels with the events as `correlation_id`.
 *
 * @example
 * const run = streamCommand(ctx, orderDecider, orderStream);
 * await run(c, { type: 'ConfirmOrder' });                 // the order of PUT /orders/{id}/confirm
 * await run(c, { type: 'CreateOrder', … }, newOrderId);   // a stream the path does not name
 */
export function streamCommand<S, C, E extends DomainEvent>(
  ctx: ServiceContext,
  decider: Decider<S, C, E>,
  streamOf: (id: string) => string,
) {
  return (c: Context, command: C, id: string = c.req.param('id') ?? ''): Promise<CommandResult<S, E>> =>
    handleCommand(ctx, decider, streamOf(id), command, { metadata: commandMetadata(c) });
}
