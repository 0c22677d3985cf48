/** The inventory calls of the suite, each under its Locust-style statistics name. */

import type { HttpClient } from 'journeys';
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
  const res = await client.post('/warehouses', { json: body, name: 'POST /warehouses', expect: [201] });
  return res.json.warehouse_id;
}

/** `POST /inventory` → the new stock item's id. */
export async function createStockItem(client: HttpClient, body: CreateStockItemBody): Promise<string> {
  const res = await client.post('/inventory', { json: body, name: 'POST /inventory', expect: [201] });
  return res.json.inventory_item_id;
}

export function receiveStock(client: HttpClient, itemId: string, body: ReceiveBody) {
  return client.put(`/inventory/${itemId}/receive`, {
    json: body,
    name: 'PUT /inventory/{id}/receive',
    expect: [200],
  });
}

export function adjustStock(client: HttpClient, itemId: string, body: AdjustBody) {
  return client.put(`/inventory/${itemId}/adjust`, {
    json: body,
    name: 'PUT /inventory/{id}/adjust',
    expect: [200],
  });
}

export function checkStock(client: HttpClient, itemId: string, body: StockCheckBody) {
  return client.put(`/inventory/${itemId}/stock-check`, {
    json: body,
    name: 'PUT /inventory/{id}/stock-check',
    expect: [200],
  });
}

/** `POST /inventory/{id}/reserve` → the reservation's id (our extension of ShopStream's answer). */
export async function reserveStock(client: HttpClient, itemId: string, body: ReserveBody): Promise<string> {
  const res = await client.post(`/inventory/${itemId}/reserve`, {
    json: body,
    name: 'POST /inventory/{id}/reserve',
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
  return client.put(`/inventory/${itemId}/reservations/${reservationId}/release`, {
    json: body,
    name: 'PUT /inventory/{id}/reservations/{rid}/release',
    expect: [200],
  });
}

export function markDamaged(client: HttpClient, itemId: string, body: DamageBody) {
  return client.put(`/inventory/${itemId}/damage`, {
    json: body,
    name: 'PUT /inventory/{id}/damage',
    expect: [200],
  });
}

export function writeOffDamaged(client: HttpClient, itemId: string, body: WriteOffBody) {
  return client.put(`/inventory/${itemId}/damage/write-off`, {
    json: body,
    name: 'PUT /inventory/{id}/damage/write-off',
    expect: [200],
  });
}

export async function getStockLevels(client: HttpClient, itemId: string): Promise<StockLevels> {
  const res = await client.get(`/inventory/${itemId}`, { name: 'GET /inventory/{id}', expect: [200] });
  return res.json;
}
