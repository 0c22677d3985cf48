import { describe, it } from 'vitest';
import { BusinessRuleError, NotFoundError } from '../../errors.ts';
import { deciderSpec } from '../../testing/decider-spec.ts';
import { type WarehouseEvent, warehouseDecider } from './warehouse.ts';

const spec = deciderSpec(warehouseDecider);
const warehouse_id = 'w-1';
const address = { street: '1 Dock Rd', city: 'Port', postal_code: '999', country: 'US' };
const created: WarehouseEvent = {
  type: 'WarehouseCreated',
  data: { warehouse_id, name: 'Main', address, capacity: 100 },
};
const deactivated: WarehouseEvent = { type: 'WarehouseDeactivated', data: { warehouse_id } };

describe('warehouse decider', () => {
  it('records only the fields that change', () => {
    spec
      .given([created])
      .when({ type: 'UpdateWarehouse', name: 'Main', capacity: 200 })
      .thenEvents([{ type: 'WarehouseUpdated', data: { warehouse_id, capacity: 200 } }]);
    spec.given([created]).when({ type: 'UpdateWarehouse' }).thenEvents([]);
  });

  it('adds zones with unique names', () => {
    const zone = { type: 'AddZone', zone_name: 'A', zone_type: 'Cold' } as const;
    spec
      .given([created])
      .when(zone)
      .thenEvents([
        { type: 'WarehouseZoneAdded', data: { warehouse_id, zone_name: 'A', zone_type: 'Cold' } },
      ]);
    spec
      .given([
        created,
        { type: 'WarehouseZoneAdded', data: { warehouse_id, zone_name: 'A', zone_type: 'Regular' } },
      ])
      .when(zone)
      .thenThrows(BusinessRuleError, /already exists/);
  });

  it('deactivates once, then refuses changes', () => {
    spec.given([created]).when({ type: 'DeactivateWarehouse' }).thenEvents([deactivated]);
    spec
      .given([created, deactivated])
      .when({ type: 'DeactivateWarehouse' })
      .thenThrows(BusinessRuleError, /deactivated/);
    spec
      .given([created, deactivated])
      .when({ type: 'UpdateWarehouse', name: 'X' })
      .thenThrows(BusinessRuleError);
    spec.given([]).when({ type: 'DeactivateWarehouse' }).thenThrows(NotFoundError);
  });
});
