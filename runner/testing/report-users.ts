/** User classes for the report's end-to-end test: three request names, one of them failing now and then. */
import { constant, Journey, User } from '../api/index.ts';

export class BrowseAndOrder extends Journey {
  steps = [this.list, this.show, this.order];

  async list() {
    await this.client.get('/items', { name: 'GET /items' });
  }

  async show() {
    await this.client.get(`/items/${1 + Math.floor(this.user.random() * 9)}`, { name: 'GET /items/{id}' });
  }

  async order() {
    // The server fails every 4th order: failures and interrupted journeys in the report.
    await this.client.post('/orders', { json: { item: 1 }, name: 'POST /orders', expect: [201] });
  }
}

export class ReportShopper extends User {
  journeys = [[BrowseAndOrder, 1]] as const;
  waitTime = constant(0.05);
}
