import { BusinessRuleError, illegalTransition, NotFoundError } from '../../errors.ts';
import type { Decider, DomainEvent } from '../decider.ts';
import type { Address } from './order-events.ts';

export type CartStatus = 'Active' | 'Abandoned' | 'Converted';
export type CartItem = { product_id: string; variant_id: string; quantity: number };

export type CartCreated = DomainEvent<
  'CartCreated',
  { cart_id: string; customer_id: string | null; session_id: string | null }
>;
export type CartItemAdded = DomainEvent<'CartItemAdded', CartItem & { cart_id: string }>;
export type CartAbandoned = DomainEvent<'CartAbandoned', { cart_id: string }>;
export type CartCheckedOut = DomainEvent<
  'CartCheckedOut',
  {
    cart_id: string;
    order_id: string;
    shipping_address: Address;
    billing_address: Address;
    payment_method: string | null;
  }
>;
export type CartEvent = CartCreated | CartItemAdded | CartAbandoned | CartCheckedOut;

export type CartCommand =
  | { type: 'CreateCart'; cart_id: string; customer_id: string | null; session_id: string | null }
  | ({ type: 'AddCartItem' } & CartItem)
  | { type: 'AbandonCart' }
  | ({ type: 'CheckoutCart' } & Omit<CartCheckedOut['data'], 'cart_id'>);

export type CartState = {
  cart_id: string | null;
  status: CartStatus | null;
  customer_id: string | null;
  session_id: string | null;
  items: CartItem[];
  item_count: number;
  order_id: string | null;
};

function evolveCart(state: CartState, event: CartEvent): CartState {
  switch (event.type) {
    case 'CartCreated':
      return { ...state, ...event.data, status: 'Active' };
    case 'CartItemAdded': {
      const { product_id, variant_id, quantity } = event.data;
      const same = (i: CartItem) => i.product_id === product_id && i.variant_id === variant_id;
      const items = state.items.some(same)
        ? state.items.map((i) => (same(i) ? { ...i, quantity: i.quantity + quantity } : i))
        : [...state.items, { product_id, variant_id, quantity }];
      return { ...state, items, item_count: items.reduce((n, i) => n + i.quantity, 0) };
    }
    case 'CartAbandoned':
      return { ...state, status: 'Abandoned' };
    case 'CartCheckedOut':
      return { ...state, status: 'Converted', order_id: event.data.order_id };
  }
}

/**
 * The cart aggregate. Checkout is a cart command that records the new order's id: of two
 * concurrent checkouts only one can append to the cart's stream, so one cart makes one order.
 *
 * @example
 * await handleCommand(ctx, cartDecider, `Cart-${id}`, { type: 'AddCartItem', product_id, variant_id, quantity: 2 });
 */
export const cartDecider: Decider<CartState, CartCommand, CartEvent> = {
  initialState: () => ({
    cart_id: null,
    status: null,
    customer_id: null,
    session_id: null,
    items: [],
    item_count: 0,
    order_id: null,
  }),
  evolve: evolveCart,
  decide(command, state) {
    if (command.type === 'CreateCart') {
      if (state.status !== null)
        throw new BusinessRuleError(`Cart ${command.cart_id} already exists`, 'cart_id');
      const { cart_id, customer_id, session_id } = command;
      return [{ type: 'CartCreated', data: { cart_id, customer_id, session_id } }];
    }
    if (state.status === null) throw new NotFoundError('Cart not found');
    const cart_id = state.cart_id!;
    switch (command.type) {
      case 'AddCartItem': {
        if (state.status !== 'Active') {
          throw new BusinessRuleError(`Cannot add items to a cart in status ${state.status}`, 'status');
        }
        const { product_id, variant_id, quantity } = command;
        return [{ type: 'CartItemAdded', data: { cart_id, product_id, variant_id, quantity } }];
      }
      case 'AbandonCart':
        if (state.status !== 'Active') throw illegalTransition(state.status, 'Abandoned');
        return [{ type: 'CartAbandoned', data: { cart_id } }];
      case 'CheckoutCart': {
        if (state.status !== 'Active') throw illegalTransition(state.status, 'Converted');
        if (state.items.length === 0) throw new BusinessRuleError('Cannot check out an empty cart', 'items');
        const { order_id, shipping_address, billing_address, payment_method } = command;
        return [
          {
            type: 'CartCheckedOut',
            data: { cart_id, order_id, shipping_address, billing_address, payment_method },
          },
        ];
      }
    }
  },
};
