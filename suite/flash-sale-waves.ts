/**
 * The flash sale in waves: a fresh 10-unit item every few seconds, so the race for the
 * last units happens all run long, not only in its first instant.
 *
 * Workers in different threads agree on the current wave without talking to each other:
 * the run-level set-up lists every wave's item up front and notes when wave 0 began
 * (`testStart` data reaches every thread), and the wave is the time elapsed since then
 * divided by the wave length — the same answer in every thread. After the last wave its
 * item stays the current one (sold out), as the single-item sale does.
 */
import type { HttpClient, TestContext } from 'journeys-runner';
import { newProduct, newVariant } from '../generators/catalogue.ts';
import { createDataSource } from '../generators/faker.ts';
import { newStockItem, newWarehouse } from '../generators/inventory.ts';
import { call } from './api/call.ts';
import { addVariant, createProduct, moveProduct } from './api/catalogue.ts';
import { createStockItem, createWarehouse } from './api/inventory.ts';

/** What every thread knows of the sale: the items in wave order, when wave 0 began, the wave length. */
export interface FlashSale {
  itemIds: string[];
  unitsPerWave: number;
  startedAt: number;
  waveMs: number;
}

/** The sale's shape. Env `FLASH_SALE_WAVES=1` is the single-item sale: one item for the whole run. */
export interface FlashSalePlan {
  waves: number;
  waveSeconds: number;
  unitsPerWave: number;
}

/** 100 waves of 3 s cover five minutes, more than any profile's flash sale runs. */
export const DEFAULT_PLAN: FlashSalePlan = { waves: 100, waveSeconds: 3, unitsPerWave: 10 };

/** Error of a malformed `FLASH_SALE_*` setting. */
export class FlashSalePlanError extends Error {
  readonly code = 'SUITE_FLASH_SALE_PLAN';
}

function positive(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0))
    throw new FlashSalePlanError(
      `${key}=${raw} is not a positive number — unset it or give e.g. ${key}=${fallback}`,
    );
  return value;
}

/** The plan from `FLASH_SALE_WAVES` and `FLASH_SALE_WAVE_SECONDS`, defaults otherwise. */
export function planFromEnv(env: NodeJS.ProcessEnv = process.env): FlashSalePlan {
  return {
    waves: Math.floor(positive(env, 'FLASH_SALE_WAVES', DEFAULT_PLAN.waves)),
    waveSeconds: positive(env, 'FLASH_SALE_WAVE_SECONDS', DEFAULT_PLAN.waveSeconds),
    unitsPerWave: DEFAULT_PLAN.unitsPerWave,
  };
}

const SETUP_CONCURRENCY = 8;

/** The wave (0-based) running at `now`: the same in every thread, the last one once the waves are over. */
export function currentWave(sale: FlashSale, now = Date.now()): number {
  const elapsed = Math.max(0, now - sale.startedAt);
  return Math.min(sale.itemIds.length - 1, Math.floor(elapsed / sale.waveMs));
}

/** A wave's label in outcomes and invariants: `wave 07` (padded, so outcomes sort by wave). */
export function waveLabel(wave: number): string {
  return `wave ${String(wave + 1).padStart(2, '0')}`;
}

/**
 * Lists the sale, once per run: one product variant, and per wave a fresh allotment of it
 * — a stock item of `unitsPerWave` units in a warehouse of its own (one stock item per
 * variant and warehouse, as a real catalogue keeps it). Wave 0 begins when this returns.
 */
export async function openFlashSale(ctx: TestContext, plan: FlashSalePlan): Promise<FlashSale> {
  const data = createDataSource(ctx.seed);
  const productId = await createProduct(ctx.client, newProduct(data));
  const variant = newVariant(data);
  await addVariant(ctx.client, productId, variant);
  await moveProduct(ctx.client, productId, 'activate');
  const sku = variant.variant_sku;
  const bodies = Array.from({ length: plan.waves }, () => newWarehouse(data));
  const itemIds: string[] = [];
  // A few at a time: each wave's streams are its own, but a hundred at once would only queue.
  for (let first = 0; first < bodies.length; first += SETUP_CONCURRENCY) {
    const batch = bodies.slice(first, first + SETUP_CONCURRENCY).map(async (warehouse) => {
      const warehouseId = await createWarehouse(ctx.client, warehouse);
      const stock = newStockItem(
        data,
        warehouseId,
        { product_id: productId, variant_id: sku, sku },
        plan.unitsPerWave,
      );
      return createStockItem(ctx.client, stock);
    });
    itemIds.push(...(await Promise.all(batch)));
  }
  return { itemIds, unitsPerWave: plan.unitsPerWave, startedAt: Date.now(), waveMs: plan.waveSeconds * 1000 };
}

/** How many reserve conflicts the service retried so far (its `journeys_command_retries_total`). */
export async function reserveRetries(client: HttpClient): Promise<number> {
  const { text } = await call(client, 'GET /metrics', { expect: [200] });
  const line = /^journeys_command_retries_total\{[^}]*command="ReserveStock"[^}]*\} (\S+)$/m.exec(text);
  return line ? Number(line[1]) : 0;
}
