import type { ClientResponse } from 'journeys-runner';
import { concurrently } from 'journeys-runner';
import { distinctVariants, orderItem, subtotal } from '../../generators/ordering.ts';
import type { OrderItemBody } from '../../service/domains/ordering/schemas.ts';
import { call } from '../../suite/api/call.ts';
import { getOrder, moveOrder } from '../../suite/api/ordering.ts';
import { OrderJourney } from '../../suite/order-journey.ts';

/** How many item adds race the confirm. */
const RACING_ADDS = 3;

/**
 * Several item adds and a confirm hit one order at the same moment. An add either lands
 * before the confirm or is refused (400); a write race may end in a conflict (409).
 * Afterwards the order must hold exactly the accepted items, with totals to match, and
 * take no more items once confirmed.
 */
export class ConcurrentOrderModification extends OrderJourney {
  static tags = ['cross-domain', 'race'];

  added: OrderItemBody[] = [];
  steps = [this.createOrder, this.race, this.checkConsistency, this.addAfterConfirm];

  async race() {
    const items = distinctVariants(this.user.data, [], RACING_ADDS).map((variant) =>
      orderItem(this.user.data, variant),
    );
    const adds = items.map((item) =>
      call(this.client, '[RACE] POST /orders/{id}/items', {
        params: { id: this.orderId },
        json: item,
        outcomes: { 200: 'item-added', 400: 'item-refused', 409: 'item-conflict' },
      }),
    );
    const confirm = call(this.client, '[RACE] PUT /orders/{id}/confirm', {
      params: { id: this.orderId },
      outcomes: { 200: 'confirmed', 409: 'confirm-conflict' },
    });
    const responses: ClientResponse[] = await concurrently([...adds, confirm]);
    this.added = items.filter((_, i) => responses[i].status === 200);
  }

  /** The order holds the original lines plus exactly the accepted adds, and its totals add up. */
  async checkConsistency() {
    const order = await getOrder(this.client, this.orderId);
    const expected = [...this.order.items, ...this.added];
    const problems: string[] = [];
    if (order.items.length !== expected.length)
      problems.push(`${order.items.length} lines, expected ${expected.length}`);
    if (order.subtotal !== subtotal(order.items))
      problems.push(`subtotal ${order.subtotal} ≠ Σ lines ${subtotal(order.items)}`);
    if (order.subtotal !== subtotal(expected))
      problems.push(`subtotal ${order.subtotal} ≠ accepted lines ${subtotal(expected)}`);
    if (problems.length > 0)
      throw new Error(`order ${this.orderId} inconsistent after the race: ${problems.join('; ')}`);
    // A confirm that lost its write race is simply sent again: the order must end confirmed.
    if (order.status === 'Created') await moveOrder(this.client, this.orderId, 'confirm');
    else if (order.status !== 'Confirmed')
      throw new Error(`order ${this.orderId} is ${order.status} after the race`);
  }

  /** Once confirmed, an order takes no more items. */
  async addAfterConfirm() {
    await call(this.client, 'POST /orders/{id}/items (after confirm)', {
      params: { id: this.orderId },
      json: orderItem(this.user.data),
      expect: [400],
    });
  }
}
