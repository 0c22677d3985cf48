import { BusinessRuleError, NotFoundError } from '../../errors.ts';
import type { JsonObject } from '../../eventstore/types.ts';
import type { Decider } from '../decider.ts';
import type { UpdateCategoryBody } from './schemas.ts';

export const MAX_CATEGORY_DEPTH = 5;

export interface Category {
  category_id: string;
  name: string;
  parent_category_id: string | null;
  /** 1 for a root category. */
  level: number;
  attributes: JsonObject;
  display_order: number;
  is_active: boolean;
  created_at: string;
}

export type CategoryState = Category | undefined;

export type CategoryCommand =
  | {
      type: 'CreateCategory';
      category_id: string;
      name: string;
      attributes?: JsonObject;
      /** The parent as loaded by the route (`null` for a root); its level decides ours. */
      parent: { category_id: string; level: number } | null;
      at: string;
    }
  | ({ type: 'UpdateCategory' } & UpdateCategoryBody)
  | { type: 'ReorderCategory'; new_display_order: number }
  | { type: 'DeactivateCategory' };

export type CategoryEvent =
  | { type: 'CategoryCreated'; data: Omit<Category, 'is_active'> }
  | { type: 'CategoryUpdated'; data: { category_id: string } & UpdateCategoryBody }
  | { type: 'CategoryReordered'; data: { category_id: string; display_order: number } }
  | { type: 'CategoryDeactivated'; data: { category_id: string } };

function existing(state: CategoryState): Category {
  if (!state) throw new NotFoundError('Category not found');
  return state;
}

function decide(command: CategoryCommand, state: CategoryState): CategoryEvent[] {
  switch (command.type) {
    case 'CreateCategory': {
      if (state) throw new BusinessRuleError('Category already exists', 'category_id');
      const level = command.parent ? command.parent.level + 1 : 1;
      if (level > MAX_CATEGORY_DEPTH) {
        throw new BusinessRuleError(
          `Category depth cannot exceed ${MAX_CATEGORY_DEPTH} levels`,
          'parent_category_id',
        );
      }
      return [
        {
          type: 'CategoryCreated',
          data: {
            category_id: command.category_id,
            name: command.name,
            parent_category_id: command.parent?.category_id ?? null,
            level,
            attributes: command.attributes ?? {},
            display_order: 0,
            created_at: command.at,
          },
        },
      ];
    }
    case 'UpdateCategory': {
      const category = existing(state);
      const { type: _, ...changes } = command;
      return [{ type: 'CategoryUpdated', data: { category_id: category.category_id, ...changes } }];
    }
    case 'ReorderCategory': {
      const category = existing(state);
      return [
        {
          type: 'CategoryReordered',
          data: { category_id: category.category_id, display_order: command.new_display_order },
        },
      ];
    }
    case 'DeactivateCategory': {
      const category = existing(state);
      if (!category.is_active) throw new BusinessRuleError('Category is already inactive', 'status');
      return [{ type: 'CategoryDeactivated', data: { category_id: category.category_id } }];
    }
  }
}

function evolve(state: CategoryState, event: CategoryEvent): CategoryState {
  if (event.type === 'CategoryCreated') return { ...event.data, is_active: true };
  if (!state) return state;
  switch (event.type) {
    case 'CategoryUpdated': {
      const { category_id: _, ...changes } = event.data;
      return { ...state, ...changes };
    }
    case 'CategoryReordered':
      return { ...state, display_order: event.data.display_order };
    case 'CategoryDeactivated':
      return { ...state, is_active: false };
  }
}

/**
 * The category aggregate (stream `Category-<id>`): at most five levels deep, renamed,
 * reordered, deactivated once.
 *
 * @example
 * categoryDecider.decide({ type: 'DeactivateCategory' }, inactive); // throws BusinessRuleError (400)
 */
export const categoryDecider: Decider<CategoryState, CategoryCommand, CategoryEvent> = {
  initialState: () => undefined,
  evolve,
  decide,
};
