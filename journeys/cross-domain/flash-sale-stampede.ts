import { type Invariant, Journey, type TestContext } from 'journeys-runner';
import { reservation } from '../../generators/inventory.ts';
import { call } from '../../suite/api/call.ts';
import { getStockLevels } from '../../suite/api/inventory.ts';
import {
  currentWave,
  type FlashSale,
  openFlashSale,
  planFromEnv,
  reserveRetries,
  waveLabel,
} from '../../suite/flash-sale-waves.ts';
import { noOversellInWaves } from '../../suite/invariants/no-oversell-in-waves.ts';
import type { ShopUser } from '../../suite/shop-user.ts';

/** The sale as the run saw it: the waves, and the service's retry count before wave 0. */
interface FlashSaleRun extends FlashSale {
  retriesBefore: number;
}

/**
 * A flash sale in waves: every few seconds a fresh item with 10 units goes on sale, and
 * every user of the run (in every worker thread) tries to reserve one of the current
 * wave's at once. Winning (201), finding it sold out (400) and losing a write race (409)
 * are all expected outcomes, counted per wave (`wave 03 won`); after the run no wave's
 * item may be oversold. `FLASH_SALE_WAVES=1` runs the single-item sale instead.
 */
export class FlashSaleStampede extends Journey<ShopUser, FlashSaleRun> {
  static tags = ['cross-domain', 'race'];

  /** Lists every wave's item once per run, in the main thread; the waves start when it returns. */
  static async testStart(ctx: TestContext): Promise<FlashSaleRun> {
    const sale = await openFlashSale(ctx, planFromEnv());
    return { ...sale, retriesBefore: await reserveRetries(ctx.client) };
  }

  /** Every wave reached holds: oversold units over all waves 0; the retried conflicts reported beside. */
  static async invariants(ctx: TestContext, sale: FlashSaleRun): Promise<Invariant[]> {
    const reached = currentWave(sale) + 1;
    const levels = [];
    for (const itemId of sale.itemIds.slice(0, reached))
      levels.push(await getStockLevels(ctx.client, itemId));
    const labels = levels.map((_, wave) => waveLabel(wave));
    const invariant = noOversellInWaves(levels, sale.unitsPerWave, labels);
    const retried = (await reserveRetries(ctx.client)) - sale.retriesBefore;
    return [
      { ...invariant, detail: `${invariant.detail}; the service retried ${retried} reserve conflicts` },
    ];
  }

  steps = [this.reserve];

  async reserve() {
    const sale = this.testData;
    const wave = currentWave(sale);
    const label = waveLabel(wave);
    await call(this.client, '[FLASH] POST /inventory/{id}/reserve', {
      params: { id: sale.itemIds[wave] },
      json: reservation(this.user.data, undefined, 1),
      outcomes: { 201: `${label} won`, 400: `${label} insufficient-stock`, 409: `${label} conflict` },
    });
  }
}
