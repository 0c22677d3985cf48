import type { InlineProjection } from '../../eventstore/types.ts';

export { type InvoiceEvent, invoiceDecider } from './invoice.ts';
export {
  MAX_PAYMENT_ATTEMPTS,
  type Payment,
  type PaymentCommand,
  type PaymentEvent,
  paymentDecider,
} from './payment.ts';
export { paymentsRoutes } from './routes.ts';
export { requestSchemas as paymentsRequestSchemas } from './schemas.ts';

/** Payments has no list endpoint: every read rebuilds the payment or invoice from its stream. */
export const paymentsProjections: InlineProjection[] = [];
