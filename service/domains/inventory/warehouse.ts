import { BusinessRuleError, NotFoundError } from '../../errors.ts';
import type { Decider, DomainEvent } from '../decider.ts';
import type { Address } from '../ordering/order-events.ts';

export type ZoneType = 'Regular' | 'Cold' | 'Hazmat';
export type Zone = { zone_name: string; zone_type: ZoneType };

export type WarehouseCreated = DomainEvent<
  'WarehouseCreated',
  { warehouse_id: string; name: string; address: Address; capacity: number }
>;
export type WarehouseUpdated = DomainEvent<
  'WarehouseUpdated',
  { warehouse_id: string; name?: string; capacity?: number }
>;
export type WarehouseZoneAdded = DomainEvent<'WarehouseZoneAdded', { warehouse_id: string } & Zone>;
export type WarehouseDeactivated = DomainEvent<'WarehouseDeactivated', { warehouse_id: string }>;
export type WarehouseEvent = WarehouseCreated | WarehouseUpdated | WarehouseZoneAdded | WarehouseDeactivated;

export type WarehouseCommand =
  | ({ type: 'CreateWarehouse' } & WarehouseCreated['data'])
  | { type: 'UpdateWarehouse'; name?: string; capacity?: number }
  | ({ type: 'AddZone' } & Zone)
  | { type: 'DeactivateWarehouse' };

export type WarehouseState = {
  warehouse_id: string | null;
  name: string | null;
  address: Address | null;
  capacity: number;
  zones: Zone[];
  is_active: boolean;
};

function evolveWarehouse(state: WarehouseState, event: WarehouseEvent): WarehouseState {
  switch (event.type) {
    case 'WarehouseCreated':
      return { ...state, ...event.data, is_active: true };
    case 'WarehouseUpdated':
      return { ...state, ...event.data };
    case 'WarehouseZoneAdded':
      return {
        ...state,
        zones: [...state.zones, { zone_name: event.data.zone_name, zone_type: event.data.zone_type }],
      };
    case 'WarehouseDeactivated':
      return { ...state, is_active: false };
  }
}

/**
 * A warehouse: name, address, capacity, zones; deactivated once, after which it refuses changes.
 *
 * @example
 * await handleCommand(ctx, warehouseDecider, `Warehouse-${id}`, { type: 'AddZone', zone_name: 'A1', zone_type: 'Cold' });
 */
export const warehouseDecider: Decider<WarehouseState, WarehouseCommand, WarehouseEvent> = {
  initialState: () => ({
    warehouse_id: null,
    name: null,
    address: null,
    capacity: 0,
    zones: [],
    is_active: false,
  }),
  evolve: evolveWarehouse,
  decide(command, state) {
    if (command.type === 'CreateWarehouse') {
      if (state.warehouse_id !== null)
        throw new BusinessRuleError('Warehouse already exists', 'warehouse_id');
      const { type: _type, ...data } = command;
      return [{ type: 'WarehouseCreated', data }];
    }
    if (state.warehouse_id === null) throw new NotFoundError('Warehouse not found');
    const warehouse_id = state.warehouse_id;
    if (!state.is_active) throw new BusinessRuleError('Warehouse is deactivated', 'status');
    switch (command.type) {
      case 'UpdateWarehouse': {
        const changes: { name?: string; capacity?: number } = {};
        if (command.name !== undefined && command.name !== state.name) changes.name = command.name;
        if (command.capacity !== undefined && command.capacity !== state.capacity)
          changes.capacity = command.capacity;
        return Object.keys(changes).length === 0
          ? []
          : [{ type: 'WarehouseUpdated', data: { warehouse_id, ...changes } }];
      }
      case 'AddZone':
        if (state.zones.some((z) => z.zone_name === command.zone_name)) {
          throw new BusinessRuleError(`Zone ${command.zone_name} already exists`, 'zone_name');
        }
        return [
          {
            type: 'WarehouseZoneAdded',
            data: { warehouse_id, zone_name: command.zone_name, zone_type: command.zone_type },
          },
        ];
      case 'DeactivateWarehouse':
        return [{ type: 'WarehouseDeactivated', data: { warehouse_id } }];
    }
  },
};
