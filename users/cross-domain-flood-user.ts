import { constantPacing } from 'journeys-runner';
import { newProduct, newVariant } from '../generators/catalogue.ts';
import { newCustomer, profileUpdate } from '../generators/identity.ts';
import { newStockItem, receipt } from '../generators/inventory.ts';
import { newOrder } from '../generators/ordering.ts';
import { newPayment, webhookSucceeded } from '../generators/payments.ts';
import * as catalogue from '../suite/api/catalogue.ts';
import * as identity from '../suite/api/identity.ts';
import * as inventory from '../suite/api/inventory.ts';
import * as ordering from '../suite/api/ordering.ts';
import * as payments from '../suite/api/payments.ts';
import { ShopUser } from '../suite/shop-user.ts';

// Pairs: a create and a command on what was just created, one pair per domain.

async function customerPair(user: ShopUser) {
  const customerId = await identity.registerCustomer(user.client, newCustomer(user.data));
  await identity.updateProfile(user.client, customerId, profileUpdate(user.data));
}

async function productPair(user: ShopUser) {
  const productId = await catalogue.createProduct(user.client, newProduct(user.data));
  await catalogue.addVariant(user.client, productId, newVariant(user.data));
}

async function orderPair(user: ShopUser) {
  const orderId = await ordering.createOrder(user.client, newOrder(user.data, await user.customerId()));
  await ordering.moveOrder(user.client, orderId, 'confirm');
}

async function inventoryPair(user: ShopUser) {
  const itemId = await inventory.createStockItem(
    user.client,
    newStockItem(user.data, await user.warehouseId()),
  );
  await inventory.receiveStock(user.client, itemId, receipt(user.data));
}

async function paymentPair(user: ShopUser) {
  const body = newPayment(user.data, { customerId: await user.customerId() });
  const paymentId = await payments.initiatePayment(user.client, body);
  await payments.sendPaymentWebhook(user.client, webhookSucceeded(user.data, paymentId));
}

/** Even pressure on every domain: one create-and-command pair per domain, in equal shares, every 0.1 s per user. */
export class CrossDomainFloodUser extends ShopUser {
  journeys = [
    [customerPair, 1],
    [productPair, 1],
    [orderPair, 1],
    [inventoryPair, 1],
    [paymentPair, 1],
  ] as const;
  waitTime = constantPacing(0.1);
}
