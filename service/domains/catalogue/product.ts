import { BusinessRuleError, illegalTransition, NotFoundError } from '../../errors.ts';
import type { JsonObject } from '../../eventstore/types.ts';
import type { Decider } from '../decider.ts';
import type { AddImageBody, AddVariantBody, CreateProductBody } from './schemas.ts';

export type ProductStatus = 'Draft' | 'Active' | 'Discontinued' | 'Archived';
export const MAX_IMAGES = 10;

export type Variant = AddVariantBody & { currency: string };
export type Image = AddImageBody & { image_id: string; is_primary: boolean };
export type ProductDetails = CreateProductBody & {
  product_id: string;
  created_at: string;
  visibility: string;
};

export interface Product extends ProductDetails {
  status: ProductStatus;
  variants: Variant[];
  images: Image[];
}

export type ProductState = Product | undefined;

export type ProductCommand =
  | ({ type: 'CreateProduct'; product_id: string; at: string } & CreateProductBody)
  | ({ type: 'AddVariant' } & AddVariantBody)
  | ({ type: 'AddImage'; image_id: string } & AddImageBody)
  | { type: 'ActivateProduct' | 'DiscontinueProduct' | 'ArchiveProduct' };

export type ProductEvent =
  | { type: 'ProductCreated'; data: ProductDetails }
  | { type: 'ProductVariantAdded'; data: Variant & { product_id: string } }
  | { type: 'ProductImageAdded'; data: Image & { product_id: string } }
  | { type: 'ProductActivated' | 'ProductDiscontinued' | 'ProductArchived'; data: { product_id: string } };

/** The lifecycle: each status command is legal from exactly one status. */
const LIFECYCLE = {
  ActivateProduct: { from: 'Draft', to: 'Active', event: 'ProductActivated' },
  DiscontinueProduct: { from: 'Active', to: 'Discontinued', event: 'ProductDiscontinued' },
  ArchiveProduct: { from: 'Discontinued', to: 'Archived', event: 'ProductArchived' },
} as const;

const STATUS_OF = {
  ProductActivated: 'Active',
  ProductDiscontinued: 'Discontinued',
  ProductArchived: 'Archived',
} as const;

function existing(state: ProductState): Product {
  if (!state) throw new NotFoundError('Product not found');
  return state;
}

function editable(product: Product, what: string): void {
  if (product.status === 'Discontinued' || product.status === 'Archived') {
    throw new BusinessRuleError(`Cannot add ${what} to a ${product.status} product`, 'status');
  }
}

function decide(command: ProductCommand, state: ProductState): ProductEvent[] {
  switch (command.type) {
    case 'CreateProduct': {
      if (state) throw new BusinessRuleError('Product already exists', 'product_id');
      const { type: _, at, ...details } = command;
      return [
        {
          type: 'ProductCreated',
          data: { ...details, visibility: details.visibility ?? 'Public', created_at: at },
        },
      ];
    }
    case 'AddVariant': {
      const product = existing(state);
      editable(product, 'a variant');
      if (product.variants.some((v) => v.variant_sku === command.variant_sku)) {
        throw new BusinessRuleError(
          `Variant SKU ${command.variant_sku} already exists on this product`,
          'variant_sku',
        );
      }
      const { type: _, ...variant } = command;
      return [
        {
          type: 'ProductVariantAdded',
          data: { ...variant, currency: variant.currency ?? 'USD', product_id: product.product_id },
        },
      ];
    }
    case 'AddImage': {
      const product = existing(state);
      editable(product, 'an image');
      if (product.images.length >= MAX_IMAGES) {
        throw new BusinessRuleError(`A product can have at most ${MAX_IMAGES} images`, 'images');
      }
      const { type: _, ...image } = command;
      const isPrimary = product.images.length === 0 || image.is_primary === true;
      return [
        {
          type: 'ProductImageAdded',
          data: { ...image, is_primary: isPrimary, product_id: product.product_id },
        },
      ];
    }
    default: {
      const product = existing(state);
      const step = LIFECYCLE[command.type];
      if (product.status !== step.from) throw illegalTransition(product.status, step.to);
      if (step.to === 'Active' && product.variants.length === 0) {
        throw new BusinessRuleError('Product needs at least one variant to be activated', 'variants');
      }
      return [{ type: step.event, data: { product_id: product.product_id } }];
    }
  }
}

function evolve(state: ProductState, event: ProductEvent): ProductState {
  if (event.type === 'ProductCreated') return { ...event.data, status: 'Draft', variants: [], images: [] };
  if (!state) return state;
  switch (event.type) {
    case 'ProductVariantAdded': {
      const { product_id: _, ...variant } = event.data;
      return { ...state, variants: [...state.variants, variant] };
    }
    case 'ProductImageAdded': {
      const { product_id: _, ...image } = event.data;
      const images = image.is_primary ? state.images.map((i) => ({ ...i, is_primary: false })) : state.images;
      return { ...state, images: [...images, image] };
    }
    default:
      return { ...state, status: STATUS_OF[event.type] };
  }
}

/**
 * The product aggregate (stream `Product-<id>`): Draft → Active (needs a variant) →
 * Discontinued → Archived; variants keyed by their SKU; at most ten images, one primary.
 *
 * @example
 * productDecider.decide({ type: 'ActivateProduct' }, draftWithVariant); // [ProductActivated]
 */
export const productDecider: Decider<ProductState, ProductCommand, ProductEvent> = {
  initialState: () => undefined,
  evolve,
  decide,
};

export type ProductListItem = JsonObject & {
  product_id: string;
  sku: string;
  title: string;
  status: ProductStatus;
};
