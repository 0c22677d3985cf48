import { describe, expect, it } from 'vitest';
import { fillParams, splitTemplate } from './route-template.ts';

describe('the endpoint template grammar (the service routes by it, the suite names by it)', () => {
  it('splits method and path; a tag or a note marks a name, not a route', () => {
    expect(splitTemplate('PUT /orders/{id}/ship')).toEqual({
      method: 'PUT',
      path: '/orders/{id}/ship',
      tagged: false,
    });
    expect(splitTemplate('[FLASH] POST /inventory/{id}/reserve')?.tagged).toBe(true);
    expect(splitTemplate('POST /orders/{id}/items (after confirm)')).toEqual({
      method: 'POST',
      path: '/orders/{id}/items',
      tagged: true,
    });
    expect(splitTemplate('FETCH /orders')).toBeUndefined();
    expect(splitTemplate('GET orders')).toBeUndefined();
  });

  it('fills each {param}, and refuses a brace that is not one', () => {
    expect(fillParams('/inventory/{id}/reservations/{rid}', (name) => `:${name}`)).toBe(
      '/inventory/:id/reservations/:rid',
    );
    expect(fillParams('/orders/{order-id}', (name) => name)).toBeUndefined();
    expect(fillParams('/orders/{id', (name) => name)).toBeUndefined();
  });
});
