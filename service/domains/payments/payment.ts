import { BusinessRuleError, illegalTransition, NotFoundError } from '../../errors.ts';
import type { Decider } from '../decider.ts';
import { cents, dollars } from './money.ts';
import type { InitiatePaymentBody } from './schemas.ts';

export const MAX_PAYMENT_ATTEMPTS = 3;

export type PaymentStatus =
  | 'Pending'
  | 'Processing'
  | 'Succeeded'
  | 'Failed'
  | 'Partially_Refunded'
  | 'Refunded';

export interface Refund {
  refund_id: string;
  amount: number;
  reason: string;
  status: 'Requested' | 'Processed';
  gateway_refund_id: string | null;
}

export interface Payment {
  payment_id: string;
  order_id: string;
  customer_id: string;
  amount: number;
  currency: string;
  payment_method_type: string;
  last4: string | null;
  idempotency_key: string;
  status: PaymentStatus;
  attempt_count: number;
  gateway_transaction_id: string | null;
  failure_reason: string | null;
  total_refunded: number;
  refunds: Refund[];
  initiated_at: string;
}

export type PaymentState = Payment | undefined;

export type PaymentCommand =
  | ({ type: 'InitiatePayment'; payment_id: string; at: string } & InitiatePaymentBody)
  | {
      type: 'RecordGatewayResult';
      succeeded: boolean;
      gateway_transaction_id?: string;
      failure_reason?: string;
    }
  | { type: 'RetryPayment' }
  | { type: 'RequestRefund'; refund_id: string; amount: number; reason: string }
  | { type: 'ConfirmRefund'; refund_id: string; gateway_refund_id: string };

type Ids = { payment_id: string; order_id: string };

/** Every payment event names its order, so the checkout saga can react without loading the payment. */
export type PaymentEvent =
  | {
      type: 'PaymentInitiated';
      data: Omit<
        Payment,
        | 'status'
        | 'attempt_count'
        | 'gateway_transaction_id'
        | 'failure_reason'
        | 'total_refunded'
        | 'refunds'
      >;
    }
  | {
      type: 'PaymentSucceeded';
      data: Ids & { amount: number; gateway_transaction_id: string | null; payment_method_type: string };
    }
  | { type: 'PaymentFailed'; data: Ids & { reason: string; attempt_count: number; final: boolean } }
  | { type: 'PaymentRetryInitiated'; data: Ids & { attempt_count: number } }
  | {
      type: 'RefundRequested';
      data: Ids & {
        refund_id: string;
        amount: number;
        reason: string;
        total_refunded: number;
        fully_refunded: boolean;
      };
    }
  | { type: 'RefundProcessed'; data: Ids & { refund_id: string; gateway_refund_id: string; amount: number } };

function existing(state: PaymentState): Payment {
  if (!state) throw new NotFoundError('Payment not found');
  return state;
}

function decide(command: PaymentCommand, state: PaymentState): PaymentEvent[] {
  if (command.type === 'InitiatePayment') {
    // Same idempotency key, same stream: the second create is a no-op that answers the same id.
    if (state) return [];
    const { type: _, at, ...fields } = command;
    return [
      {
        type: 'PaymentInitiated',
        data: {
          ...fields,
          currency: fields.currency ?? 'USD',
          last4: fields.last4 ?? null,
          initiated_at: at,
        },
      },
    ];
  }
  const payment = existing(state);
  const ids = { payment_id: payment.payment_id, order_id: payment.order_id };
  switch (command.type) {
    case 'RecordGatewayResult': {
      const to = command.succeeded ? 'Succeeded' : 'Failed';
      if (payment.status !== 'Pending' && payment.status !== 'Processing')
        throw illegalTransition(payment.status, to);
      if (command.succeeded) {
        const data = {
          ...ids,
          amount: payment.amount,
          gateway_transaction_id: command.gateway_transaction_id ?? null,
          payment_method_type: payment.payment_method_type,
        };
        return [{ type: 'PaymentSucceeded', data }];
      }
      const reason = command.failure_reason ?? 'Payment declined';
      const final = payment.attempt_count >= MAX_PAYMENT_ATTEMPTS;
      return [
        { type: 'PaymentFailed', data: { ...ids, reason, attempt_count: payment.attempt_count, final } },
      ];
    }
    case 'RetryPayment': {
      if (payment.status !== 'Failed') throw illegalTransition(payment.status, 'Pending');
      if (payment.attempt_count >= MAX_PAYMENT_ATTEMPTS) {
        throw new BusinessRuleError(
          `Maximum of ${MAX_PAYMENT_ATTEMPTS} payment attempts reached`,
          'attempt_count',
        );
      }
      return [{ type: 'PaymentRetryInitiated', data: { ...ids, attempt_count: payment.attempt_count + 1 } }];
    }
    case 'RequestRefund': {
      if (payment.status !== 'Succeeded' && payment.status !== 'Partially_Refunded') {
        throw illegalTransition(payment.status, 'Refunded');
      }
      const refundable = cents(payment.amount) - cents(payment.total_refunded);
      if (cents(command.amount) > refundable) {
        throw new BusinessRuleError(
          `Refund of ${command.amount} exceeds the refundable amount ${dollars(refundable)}`,
          'amount',
        );
      }
      const total = cents(payment.total_refunded) + cents(command.amount);
      const data = {
        ...ids,
        refund_id: command.refund_id,
        amount: command.amount,
        reason: command.reason,
        total_refunded: dollars(total),
        fully_refunded: total === cents(payment.amount),
      };
      return [{ type: 'RefundRequested', data }];
    }
    case 'ConfirmRefund': {
      const refund = payment.refunds.find((r) => r.refund_id === command.refund_id);
      if (!refund) throw new NotFoundError('Refund not found');
      if (refund.status === 'Processed') return [];
      const data = {
        ...ids,
        refund_id: refund.refund_id,
        gateway_refund_id: command.gateway_refund_id,
        amount: refund.amount,
      };
      return [{ type: 'RefundProcessed', data }];
    }
  }
}

function evolve(state: PaymentState, event: PaymentEvent): PaymentState {
  if (event.type === 'PaymentInitiated') {
    return {
      ...event.data,
      status: 'Pending',
      attempt_count: 1,
      gateway_transaction_id: null,
      failure_reason: null,
      total_refunded: 0,
      refunds: [],
    };
  }
  if (!state) return state;
  switch (event.type) {
    case 'PaymentSucceeded':
      return { ...state, status: 'Succeeded', gateway_transaction_id: event.data.gateway_transaction_id };
    case 'PaymentFailed':
      return { ...state, status: 'Failed', failure_reason: event.data.reason };
    case 'PaymentRetryInitiated':
      return { ...state, status: 'Pending', attempt_count: event.data.attempt_count, failure_reason: null };
    case 'RefundRequested': {
      const { refund_id, amount, reason } = event.data;
      return {
        ...state,
        status: event.data.fully_refunded ? 'Refunded' : 'Partially_Refunded',
        total_refunded: event.data.total_refunded,
        refunds: [
          ...state.refunds,
          { refund_id, amount, reason, status: 'Requested', gateway_refund_id: null },
        ],
      };
    }
    case 'RefundProcessed':
      return {
        ...state,
        refunds: state.refunds.map((r) =>
          r.refund_id === event.data.refund_id
            ? { ...r, status: 'Processed', gateway_refund_id: event.data.gateway_refund_id }
            : r,
        ),
      };
  }
}

/**
 * The payment aggregate (stream `Payment-<id>`, the id derived from the idempotency key):
 * Pending → Succeeded | Failed; Failed → Pending by retry (at most 3 attempts);
 * Succeeded → Partially_Refunded → Refunded, refunds never above the amount.
 *
 * @example
 * paymentDecider.decide({ type: 'RecordGatewayResult', succeeded: true }, pending); // [PaymentSucceeded]
 */
export const paymentDecider: Decider<PaymentState, PaymentCommand, PaymentEvent> = {
  initialState: () => undefined,
  evolve,
  decide,
};
