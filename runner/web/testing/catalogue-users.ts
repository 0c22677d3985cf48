/**
 * Test support: user classes for the web UI's tests, against a target that answers every
 * path. Request names as long as a real API's (the table must fit them), two classes by
 * weight 3:1 with journeys by weight 3:1 and 1:1 (the Current ratio tab has known shares),
 * and one journey that raises (the Exceptions tab has a row).
 */
import { constant, Journey, User } from '../../api/index.ts';

export const LONG_NAME = 'GET /catalogue/products/{productId}/variants/{variantId}/stock-levels';

export class BrowseCatalogue extends Journey {
  steps = [this.list, this.variant];

  async list() {
    await this.client.get('/catalogue/products?page=1', { name: 'GET /catalogue/products' });
  }

  async variant() {
    await this.client.get('/catalogue/products/7/variants/3/stock-levels', { name: LONG_NAME });
  }
}

export class CheckStock extends Journey {
  steps = [this.check];

  async check() {
    await this.client.get('/inventory/items/sku-7/reservations', {
      name: 'GET /inventory/items/{sku}/reservations',
    });
  }
}

export class PlaceOrder extends Journey {
  steps = [this.place];

  async place() {
    await this.client.put('/orders/7/payment-webhook/2/confirm', {
      name: '[RACE] PUT /orders/{orderId}/payment-webhook/{attemptId}/confirm',
    });
  }
}

export class AuditOrder extends Journey {
  steps = [this.audit];

  async audit() {
    throw new Error('audit trail unavailable');
  }
}

export class CatalogueBrowser extends User {
  static weight = 3;
  journeys = [
    [BrowseCatalogue, 3],
    [CheckStock, 1],
  ] as const;
  waitTime = constant(0.05);
}

export class OrderPlacer extends User {
  static weight = 1;
  journeys = [
    [PlaceOrder, 1],
    [AuditOrder, 1],
  ] as const;
  waitTime = constant(0.05);
}
