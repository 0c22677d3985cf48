import type { InlineProjection } from '../../eventstore/types.ts';

export { type Customer, type CustomerCommand, type CustomerEvent, customerDecider } from './customer.ts';
export { identityRoutes } from './routes.ts';
export { requestSchemas as identityRequestSchemas } from './schemas.ts';

/** Identity has no list endpoint: every read rebuilds the customer from its stream. */
export const identityProjections: InlineProjection[] = [];
