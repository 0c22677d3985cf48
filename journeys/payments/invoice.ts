import { Journey } from 'journeys-runner';
import { invoiceVoid, newInvoice } from '../../generators/payments.ts';
import { createInvoice, voidInvoice } from '../../suite/api/payments.ts';
import type { ShopUser } from '../../suite/shop-user.ts';

/** An invoice is drawn up for an order and voided (Draft → Voided). */
export class Invoice extends Journey<ShopUser> {
  static tags = ['payments'];

  invoiceId = '';
  steps = [this.generate, this.void];

  async generate() {
    this.invoiceId = await createInvoice(
      this.client,
      newInvoice(this.user.data, { customerId: await this.user.customerId() }),
    );
  }

  async void() {
    await voidInvoice(this.client, this.invoiceId, invoiceVoid(this.user.data));
  }
}
