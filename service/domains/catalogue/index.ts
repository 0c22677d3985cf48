import type { InlineProjection } from '../../eventstore/types.ts';
import { categoryList, productList } from './projections.ts';

export { type CategoryEvent, categoryDecider } from './category.ts';
export { type ProductEvent, productDecider } from './product.ts';
export { catalogueRoutes } from './routes.ts';
export { requestSchemas as catalogueRequestSchemas } from './schemas.ts';

/** Read models of `GET /products` and `GET /categories`, updated in the append transaction. */
export const catalogueProjections: InlineProjection[] = [productList, categoryList];
