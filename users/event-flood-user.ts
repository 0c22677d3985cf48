import { constantPacing } from 'journeys-runner';
import { newCategory, newProduct, newVariant } from '../generators/catalogue.ts';
import { newCustomer } from '../generators/identity.ts';
import { newStockItem, newWarehouse } from '../generators/inventory.ts';
import { newOrder } from '../generators/ordering.ts';
import { newPayment } from '../generators/payments.ts';
import * as catalogue from '../suite/api/catalogue.ts';
import * as identity from '../suite/api/identity.ts';
import * as inventory from '../suite/api/inventory.ts';
import * as ordering from '../suite/api/ordering.ts';
import * as payments from '../suite/api/payments.ts';
import { ShopUser } from '../suite/shop-user.ts';

// Single creates: each task appends a new stream, the widest spread of writes there is.

async function createCustomer(user: ShopUser) {
  await identity.registerCustomer(user.client, newCustomer(user.data));
}

async function createProduct(user: ShopUser) {
  await catalogue.createProduct(user.client, newProduct(user.data));
}

async function createCategory(user: ShopUser) {
  await catalogue.createCategory(user.client, newCategory(user.data));
}

async function createProductWithVariant(user: ShopUser) {
  const productId = await catalogue.createProduct(user.client, newProduct(user.data));
  await catalogue.addVariant(user.client, productId, newVariant(user.data));
}

async function createOrder(user: ShopUser) {
  await ordering.createOrder(user.client, newOrder(user.data, await user.customerId(), user.catalogue));
}

async function createStockItem(user: ShopUser) {
  await inventory.createStockItem(user.client, newStockItem(user.data, await user.warehouseId()));
}

async function createPayment(user: ShopUser) {
  await payments.initiatePayment(user.client, newPayment(user.data, { customerId: await user.customerId() }));
}

async function createWarehouse(user: ShopUser) {
  await inventory.createWarehouse(user.client, newWarehouse(user.data));
}

/** Finds the breaking point: a create in one of the five domains every 0.1 s per user. */
export class EventFloodUser extends ShopUser {
  journeys = [
    [createCustomer, 5],
    [createProduct, 3],
    [createCategory, 2],
    [createProductWithVariant, 4],
    [createOrder, 3],
    [createStockItem, 3],
    [createPayment, 2],
    [createWarehouse, 2],
  ] as const;
  waitTime = constantPacing(0.1);
}
