import { describe, it } from 'vitest';
import { BusinessRuleError, NotFoundError } from '../../errors.ts';
import { deciderSpec } from '../../testing/decider-spec.ts';
import { type CategoryEvent, categoryDecider } from './category.ts';
import { type ProductEvent, productDecider } from './product.ts';

const products = deciderSpec(productDecider);
const categories = deciderSpec(categoryDecider);
const created: ProductEvent = {
  type: 'ProductCreated',
  data: { product_id: 'p1', sku: 'SKU-1', title: 'T', visibility: 'Public', created_at: 't' },
};
const variant: ProductEvent = {
  type: 'ProductVariantAdded',
  data: { product_id: 'p1', variant_sku: 'V-1', base_price: 1, currency: 'USD' },
};
const image = (id: string, primary: boolean): ProductEvent => ({
  type: 'ProductImageAdded',
  data: { product_id: 'p1', image_id: id, url: 'u', is_primary: primary },
});
const status = (type: 'ProductActivated' | 'ProductDiscontinued' | 'ProductArchived'): ProductEvent => ({
  type,
  data: { product_id: 'p1' },
});

describe('product decider', () => {
  it('activates only a Draft with a variant', () => {
    products
      .given([created])
      .when({ type: 'ActivateProduct' })
      .thenThrows(BusinessRuleError, /variant/);
    products
      .given([created, variant])
      .when({ type: 'ActivateProduct' })
      .thenEvents([status('ProductActivated')]);
    products
      .given([created, variant, status('ProductActivated')])
      .when({ type: 'ArchiveProduct' })
      .thenThrows(BusinessRuleError, 'Cannot transition from Active to Archived');
    products
      .given([created, variant, status('ProductActivated'), status('ProductDiscontinued')])
      .when({ type: 'ArchiveProduct' })
      .thenEvents([status('ProductArchived')]);
  });

  it('keys variants by SKU and refuses additions once discontinued', () => {
    products
      .given([created, variant])
      .when({ type: 'AddVariant', variant_sku: 'V-1', base_price: 2, currency: 'USD' })
      .thenThrows(BusinessRuleError);
    products
      .given([created])
      .when({ type: 'AddVariant', variant_sku: 'V-2', base_price: 2, currency: 'USD' })
      .thenEvents([
        {
          type: 'ProductVariantAdded',
          data: { product_id: 'p1', variant_sku: 'V-2', base_price: 2, currency: 'USD' },
        },
      ]);
    products
      .given([created, variant, status('ProductActivated'), status('ProductDiscontinued')])
      .when({ type: 'AddVariant', variant_sku: 'V-3', base_price: 2, currency: 'USD' })
      .thenThrows(BusinessRuleError);
  });

  it('forces the first image primary, moves primary on request, stops at ten', () => {
    products
      .given([created])
      .when({ type: 'AddImage', image_id: 'i0', url: 'u', is_primary: false })
      .thenEvents([image('i0', true)]);
    products
      .given([created, image('i0', true)])
      .when({ type: 'AddImage', image_id: 'i1', url: 'u', is_primary: true })
      .thenState((s) => {
        if (s?.images.map((i) => i.is_primary).join() !== 'false,true') throw new Error('one primary');
      });
    const ten = Array.from({ length: 10 }, (_, i) => image(`i${i}`, i === 0));
    products
      .given([created, ...ten])
      .when({ type: 'AddImage', image_id: 'x', url: 'u', is_primary: false })
      .thenThrows(BusinessRuleError);
  });

  it('answers 404 for an unknown product', () => {
    products.given([]).when({ type: 'ActivateProduct' }).thenThrows(NotFoundError);
  });
});

describe('category decider', () => {
  const root: CategoryEvent = {
    type: 'CategoryCreated',
    data: {
      category_id: 'c1',
      name: 'Root',
      parent_category_id: null,
      level: 1,
      attributes: {},
      display_order: 0,
      created_at: 't',
    },
  };
  it('derives the level from the parent and stops at five', () => {
    categories
      .given([])
      .when({
        type: 'CreateCategory',
        category_id: 'c2',
        name: 'L5',
        parent: { category_id: 'c1', level: 4 },
        at: 't',
      })
      .thenState((s) => {
        if (s?.level !== 5) throw new Error('level 5');
      });
    categories
      .given([])
      .when({
        type: 'CreateCategory',
        category_id: 'c2',
        name: 'L6',
        parent: { category_id: 'c1', level: 5 },
        at: 't',
      })
      .thenThrows(BusinessRuleError, /5 levels/);
  });
  it('deactivates once', () => {
    const off: CategoryEvent = { type: 'CategoryDeactivated', data: { category_id: 'c1' } };
    categories.given([root]).when({ type: 'DeactivateCategory' }).thenEvents([off]);
    categories
      .given([root, off])
      .when({ type: 'DeactivateCategory' })
      .thenThrows(BusinessRuleError, /already inactive/);
    categories.given([]).when({ type: 'ReorderCategory', new_display_order: 1 }).thenThrows(NotFoundError);
  });
});
