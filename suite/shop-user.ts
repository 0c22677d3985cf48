import { User, type UserContext } from 'journeys-runner';
import { createDataSource, type DataSource } from '../generators/faker.ts';
import { newCustomer } from '../generators/identity.ts';
import { newStockItem, newWarehouse } from '../generators/inventory.ts';
import type { SellableVariant } from '../generators/ordering.ts';
import { registerCustomer } from './api/identity.ts';
import { createStockItem, createWarehouse, receiveStock } from './api/inventory.ts';

/** How many built variants a user keeps in mind for its carts and orders. */
const CATALOGUE_MEMORY = 30;
/** Stock the user's sale item starts with, and is topped up by when it runs low. */
const SALE_STOCK = 500;

/**
 * The base of every ShopStream user class: a seeded data source and what this shopper
 * has built so far, shared by its journeys — the variants of the products it activated
 * (what its carts and orders buy), its own customer account, its warehouse and the
 * stock item it sells from. Never run itself.
 *
 * @example
 * export class OrderingUser extends ShopUser {
 *   journeys = [[CartLifecycle, 6], [OrderFullLifecycle, 5]] as const;
 *   waitTime = between(0.5, 2);
 * }
 */
export class ShopUser extends User {
  static isAbstract = true;

  /** Seeded payloads: the same `--seed` gives the same data (unique ids aside). */
  readonly data: DataSource;
  /** Variants of products this user activated, most recent last. */
  readonly catalogue: SellableVariant[] = [];

  #customerId: string | undefined;
  #warehouseId: string | undefined;
  #saleItem: { id: string; available: number } | undefined;

  constructor(context: UserContext) {
    super(context);
    this.data = createDataSource(context.seed);
  }

  /** Keeps a variant of an active product for later carts and orders. */
  rememberVariant(variant: SellableVariant): void {
    this.catalogue.push(variant);
    if (this.catalogue.length > CATALOGUE_MEMORY) this.catalogue.shift();
  }

  /** This shopper's own customer id, registering the account on first use. */
  async customerId(): Promise<string> {
    this.#customerId ??= await registerCustomer(this.client, newCustomer(this.data));
    return this.#customerId;
  }

  /** This user's warehouse, created on first use. */
  async warehouseId(): Promise<string> {
    this.#warehouseId ??= await createWarehouse(this.client, newWarehouse(this.data));
    return this.#warehouseId;
  }

  /** Adopts a warehouse a journey created, so later journeys stock it instead of creating another. */
  adoptWarehouse(warehouseId: string): void {
    this.#warehouseId ??= warehouseId;
  }

  /**
   * The stock item this user's orders reserve from: created with 500 units on first use
   * and topped up before it could run short, so reservations for orders never fail for
   * stock (those failures belong to the flash-sale race, not to checkouts).
   */
  async saleItem(quantity: number): Promise<string> {
    if (this.#saleItem === undefined) {
      const body = newStockItem(this.data, await this.warehouseId(), this.catalogue.at(-1), SALE_STOCK);
      this.#saleItem = { id: await createStockItem(this.client, body), available: SALE_STOCK };
    } else if (this.#saleItem.available < quantity) {
      await receiveStock(this.client, this.#saleItem.id, {
        quantity: SALE_STOCK,
        reference: 'replenishment',
      });
      this.#saleItem.available += SALE_STOCK;
    }
    this.#saleItem.available -= quantity;
    return this.#saleItem.id;
  }

  /** Gives back units of the sale item (a released reservation). */
  restock(quantity: number): void {
    if (this.#saleItem) this.#saleItem.available += quantity;
  }
}
