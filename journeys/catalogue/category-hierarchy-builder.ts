import { Journey } from 'journeys-runner';
import { categoryRename, categoryReorder, newCategory } from '../../generators/catalogue.ts';
import { createCategory, renameCategory, reorderCategory } from '../../suite/api/catalogue.ts';
import type { ShopUser } from '../../suite/shop-user.ts';

/**
 * A merchandiser builds a three-level category tree (a department, two aisles, a shelf
 * under the first), then renames the department and reorders an aisle.
 */
export class CategoryHierarchyBuilder extends Journey<ShopUser> {
  static tags = ['catalogue'];

  rootId = '';
  childIds: string[] = [];
  steps = [this.createRoot, this.createChildren, this.createGrandchild, this.rename, this.reorder];

  async createRoot() {
    this.rootId = await createCategory(this.client, newCategory(this.user.data));
  }

  async createChildren() {
    for (let i = 0; i < 2; i++) {
      this.childIds.push(await createCategory(this.client, newCategory(this.user.data, this.rootId)));
    }
  }

  async createGrandchild() {
    await createCategory(this.client, newCategory(this.user.data, this.childIds[0]));
  }

  async rename() {
    await renameCategory(this.client, this.rootId, categoryRename(this.user.data));
  }

  async reorder() {
    await reorderCategory(this.client, this.childIds[1], categoryReorder(this.user.data));
  }
}
