import { BusinessRuleError, illegalTransition, NotFoundError } from '../../errors.ts';
import type { Decider } from '../decider.ts';
import { cents, dollars } from './money.ts';
import type { GenerateInvoiceBody } from './schemas.ts';

export type InvoiceStatus = 'Draft' | 'Issued' | 'Paid' | 'Voided';

export interface Invoice {
  invoice_id: string;
  order_id: string;
  customer_id: string;
  line_items: GenerateInvoiceBody['line_items'];
  subtotal: number;
  tax: number;
  total: number;
  status: InvoiceStatus;
  issued_at: string;
  void_reason: string | null;
}

export type InvoiceState = Invoice | undefined;

export type InvoiceCommand =
  | ({ type: 'GenerateInvoice'; invoice_id: string; at: string } & GenerateInvoiceBody)
  | { type: 'VoidInvoice'; reason: string };

export type InvoiceEvent =
  | { type: 'InvoiceIssued'; data: Omit<Invoice, 'status' | 'void_reason'> }
  | { type: 'InvoiceVoided'; data: { invoice_id: string; order_id: string; reason: string } };

function decide(command: InvoiceCommand, state: InvoiceState): InvoiceEvent[] {
  if (command.type === 'GenerateInvoice') {
    if (state) throw new BusinessRuleError('Invoice already exists', 'invoice_id');
    const subtotal = command.line_items.reduce(
      (sum, item) => sum + cents(item.quantity * item.unit_price),
      0,
    );
    const tax = command.tax ?? 0;
    return [
      {
        type: 'InvoiceIssued',
        data: {
          invoice_id: command.invoice_id,
          order_id: command.order_id,
          customer_id: command.customer_id,
          line_items: command.line_items,
          subtotal: dollars(subtotal),
          tax,
          total: dollars(subtotal + cents(tax)),
          issued_at: command.at,
        },
      },
    ];
  }
  if (!state) throw new NotFoundError('Invoice not found');
  if (state.status !== 'Draft' && state.status !== 'Issued') throw illegalTransition(state.status, 'Voided');
  return [
    {
      type: 'InvoiceVoided',
      data: { invoice_id: state.invoice_id, order_id: state.order_id, reason: command.reason },
    },
  ];
}

function evolve(state: InvoiceState, event: InvoiceEvent): InvoiceState {
  if (event.type === 'InvoiceIssued') return { ...event.data, status: 'Issued', void_reason: null };
  return state && { ...state, status: 'Voided', void_reason: event.data.reason };
}

/**
 * The invoice aggregate (stream `Invoice-<id>`): generated as Issued (totals computed in
 * cents), voided from Draft or Issued only.
 *
 * @example
 * invoiceDecider.decide({ type: 'VoidInvoice', reason: 'duplicate' }, voided); // throws: Cannot transition from Voided to Voided
 */
export const invoiceDecider: Decider<InvoiceState, InvoiceCommand, InvoiceEvent> = {
  initialState: () => undefined,
  evolve,
  decide,
};
