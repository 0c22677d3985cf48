import { describe, expect, it } from 'vitest';
import { BusinessRuleError, NotFoundError } from '../../errors.ts';
import { deciderSpec } from '../../testing/decider-spec.ts';
import { type CartEvent, cartDecider } from './cart.ts';

const spec = deciderSpec(cartDecider);
const cart_id = 'cart-1';
const address = { street: '1 Main St', city: 'Springfield', postal_code: '12345', country: 'US' };
const created: CartEvent = { type: 'CartCreated', data: { cart_id, customer_id: 'c-1', session_id: null } };
const added = (product_id: string, variant_id: string, quantity: number): CartEvent => ({
  type: 'CartItemAdded',
  data: { cart_id, product_id, variant_id, quantity },
});
const checkout = {
  type: 'CheckoutCart',
  order_id: 'o-1',
  shipping_address: address,
  billing_address: address,
  payment_method: null,
} as const;

describe('cart decider', () => {
  it('merges items of the same product and variant', () => {
    spec
      .given([created, added('p1', 'v1', 1), added('p1', 'v2', 1)])
      .when({ type: 'AddCartItem', product_id: 'p1', variant_id: 'v1', quantity: 2 })
      .thenState((s) => {
        expect(s.items).toEqual([
          { product_id: 'p1', variant_id: 'v1', quantity: 3 },
          { product_id: 'p1', variant_id: 'v2', quantity: 1 },
        ]);
        expect(s.item_count).toBe(4);
      });
  });

  it('checks out once: empty carts and converted carts are refused', () => {
    spec
      .given([created, added('p1', 'v1', 1)])
      .when(checkout)
      .thenState((s) => {
        expect(s.status).toBe('Converted');
        expect(s.order_id).toBe('o-1');
      });
    spec.given([created]).when(checkout).thenThrows(BusinessRuleError, 'empty');
    const converted: CartEvent = { type: 'CartCheckedOut', data: { cart_id, ...checkout } } as CartEvent;
    spec
      .given([created, added('p1', 'v1', 1), converted])
      .when(checkout)
      .thenThrows(BusinessRuleError, 'Cannot transition from Converted to Converted');
    spec
      .given([created, added('p1', 'v1', 1), converted])
      .when({ type: 'AddCartItem', product_id: 'p', variant_id: 'v', quantity: 1 })
      .thenThrows(BusinessRuleError, /Converted/);
  });

  it('abandons only an active cart', () => {
    spec
      .given([created])
      .when({ type: 'AbandonCart' })
      .thenEvents([{ type: 'CartAbandoned', data: { cart_id } }]);
    spec
      .given([created, { type: 'CartAbandoned', data: { cart_id } }])
      .when({ type: 'AbandonCart' })
      .thenThrows(BusinessRuleError, 'Cannot transition from Abandoned to Abandoned');
    spec.given([]).when({ type: 'AbandonCart' }).thenThrows(NotFoundError);
  });
});
