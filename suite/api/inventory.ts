/** The inventory calls of the suite, each under its Locust-style statistics name. */

import type { HttpClient } from 'journeys-runner';
import type {
  AdjustBody,
  CreateStockItemBody,
  CreateWarehouseBody,
  DamageBody,
  ReceiveBody,
  ReleaseBody,
  ReserveBody,
  StockCheckBody,
  WriteOffBody,
} from '../../service/domains/inventory/schemas.ts';
import { call } from './call.ts';

/** What the journeys and invariants read from `GET /inventory/{id}`. */
export interface StockLevels {
  inventory_item_id: string;
  sku: string;
  on_hand: number;
  reserved: number;
  available: number;
  damaged: number;
  reservations: { reservation_id: string; order_id: string; quantity: number; status: string }[];
}

/** `POST /warehouses` → the new warehouse's id. */
export async function createWarehouse(client: HttpClient, body: CreateWarehouseBody): Promise<string> {
  const res = await call(client, 'POST /warehouses', { json: body, expect: [201] });
  return res.json.warehouse_id;
}

/** `POST /inventory` → the new stock item's id. */
export async function createStockItem(client: HttpClient, body: CreateStockItemBody): Promise<string> {
  const res = await call(client, 'POST /inventory', { json: body, expect: [201] });
  return res.json.inventory_item_id;
}

export function receiveStock(client: HttpClient, itemId: string, body: ReceiveBody) {
  return call(client, 'PUT /inventory/{id}/receive', { params: { id: itemId }, json: body, expect: [200] });
}

export function adjustStock(client: HttpClient, itemId: string, body: AdjustBody) {
  return call(client, 'PUT /inventory/{id}/adjust', { params: { id: itemId }, json: body, expect: [200] });
}

export function checkStock(client: HttpClient, itemId: string, body: StockCheckBody) {
  return call(client, 'PUT /inventory/{id}/stock-check', {
    params: { id: itemId },
    json: body,
    expect: [200],
  });
}

/** `POST /inventory/{id}/reserve` → the reservation's id (our extension of ShopStream's answer). */
export async function reserveStock(client: HttpClient, itemId: string, body: ReserveBody): Promise<string> {
  const res = await call(client, 'POST /inventory/{id}/reserve', {
    params: { id: itemId },
    json: body,
    expect: [201],
  });
  return res.json.reservation_id;
}

export function releaseReservation(
  client: HttpClient,
  itemId: string,
  reservationId: string,
  body: ReleaseBody,
) {
  return call(client, 'PUT /inventory/{id}/reservations/{rid}/release', {
    params: { id: itemId, rid: reservationId },
    json: body,
    expect: [200],
  });
}

export function markDamaged(client: HttpClient, itemId: string, body: DamageBody) {
  return call(client, 'PUT /inventory/{id}/damage', { params: { id: itemId }, json: body, expect: [200] });
}

export function writeOffDamaged(client: HttpClient, itemId: string, body: WriteOffBody) {
  return call(client, 'PUT /inventory/{id}/damage/write-off', {
    params: { id: itemId },
    json: body,
    expect: [200],
  });
}

export async function getStockLevels(client: HttpClient, itemId: string): Promise<StockLevels> {
  const res = await call(client, 'GET /inventory/{id}', { params: { id: itemId }, expect: [200] });
  return res.json;
}
