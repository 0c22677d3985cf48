import { between, Journey, User } from 'journeys-runner';

/** Opens the home page. Replace the paths with your API's. */
class Browse extends Journey {
  steps = [this.home];

  async home() {
    await this.client.get('/', { name: 'GET /', expect: [200] });
  }
}

/** Lists the items, then opens the first one: `name` groups every item under one row. */
class ViewItem extends Journey {
  itemId = '';
  steps = [this.list, this.open];

  async list() {
    const items = await this.client.get('/items', { name: 'GET /items', expect: [200] });
    this.itemId = items.json[0].id;
  }

  async open() {
    await this.client.get(`/items/${this.itemId}`, { name: 'GET /items/{id}', expect: [200] });
  }
}

export class Visitor extends User {
  journeys = [
    [Browse, 3],
    [ViewItem, 1],
  ] as const;
  waitTime = between(1, 3);
}
