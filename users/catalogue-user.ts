import { between, type JourneyClass, type Weighted } from 'journeys-runner';
import { CategoryHierarchyBuilder } from '../journeys/catalogue/category-hierarchy-builder.ts';
import { ProductCatalogBuilder } from '../journeys/catalogue/product-catalog-builder.ts';
import { ProductLifecycle } from '../journeys/catalogue/product-lifecycle.ts';
import { ShopUser } from '../suite/shop-user.ts';

/** The catalogue journeys and their weights (MixedWorkloadUser reuses them). */
export const CATALOGUE_JOURNEYS: readonly Weighted<JourneyClass>[] = [
  [ProductCatalogBuilder, 5],
  [ProductLifecycle, 2],
  [CategoryHierarchyBuilder, 3],
];

/** Sellers and merchandisers building the catalogue. */
export class CatalogueUser extends ShopUser {
  journeys = CATALOGUE_JOURNEYS;
  waitTime = between(0.5, 2.0);
}
