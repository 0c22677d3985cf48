/**
 * The Current ratio tab's numbers from real user classes (discovered from their module, as a
 * run does): class shares by weight, by the split of the users when a class has a fixed
 * count, by max_users in the open model; journey shares within the class and of the whole,
 * after the tag filters; measured shares from the journeys run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type DiscoveredUser, discoverUserClasses } from '../discovery/discover.ts';
import { arrivalShares, userCountsFor } from '../load-model/user-mix.ts';
import { currentRatio } from './current-ratio.ts';

let catalogue: DiscoveredUser[];
let shop: DiscoveredUser[];
beforeAll(async () => {
  catalogue = (await discoverUserClasses(['runner/web/testing/catalogue-users.ts'])).users;
  shop = (await discoverUserClasses(['runner/testing/users/shop.ts'])).users;
});

const mixOf = (classes: DiscoveredUser[]) =>
  classes.map(({ name, weight, fixedCount }) => ({ name, weight, fixedCount }));
const round = (share: number) => Math.round(share * 1e6) / 1e6;
const shares = (ratio: ReturnType<typeof currentRatio>) =>
  ratio.classes.map((c) => [
    c.name,
    round(c.share),
    c.usersWanted,
    c.usersRunning,
    c.journeys.map((j) => [j.name, round(j.classShare), round(j.totalShare)]),
  ]);

describe('currentRatio', () => {
  it('shares the users by weight and each class’s journeys by theirs (closed model)', () => {
    const mix = mixOf(catalogue);
    const ratio = currentRatio({
      model: 'closed',
      mix,
      classes: catalogue,
      filter: {},
      wanted: userCountsFor(8, mix),
      running: { CatalogueBrowser: 3, OrderPlacer: 1 },
      journeysRun: { BrowseCatalogue: 30, CheckStock: 10, PlaceOrder: 5, AuditOrder: 5 },
    });
    expect(shares(ratio)).toEqual([
      [
        'CatalogueBrowser',
        0.75,
        6,
        3,
        [
          ['BrowseCatalogue', 0.75, 0.5625],
          ['CheckStock', 0.25, 0.1875],
        ],
      ],
      [
        'OrderPlacer',
        0.25,
        2,
        1,
        [
          ['PlaceOrder', 0.5, 0.125],
          ['AuditOrder', 0.5, 0.125],
        ],
      ],
    ]);
    expect(ratio.totals).toEqual([
      { name: 'BrowseCatalogue', totalShare: 0.5625, ran: 30, ranShare: 0.6 },
      { name: 'CheckStock', totalShare: 0.1875, ran: 10, ranShare: 0.2 },
      { name: 'PlaceOrder', totalShare: 0.125, ran: 5, ranShare: 0.1 },
      { name: 'AuditOrder', totalShare: 0.125, ran: 5, ranShare: 0.1 },
    ]);
  });

  it('takes a fixed-count class’s share from the split of the users now', () => {
    const mix = [
      { name: 'CatalogueBrowser', weight: 3, fixedCount: 0 },
      { name: 'OrderPlacer', weight: 1, fixedCount: 1 },
    ];
    const ratio = currentRatio({
      model: 'closed',
      mix,
      classes: catalogue,
      filter: {},
      wanted: userCountsFor(4, mix),
      running: userCountsFor(4, mix),
      journeysRun: {},
    });
    expect(ratio.classes.map((c) => [c.name, c.share, c.usersWanted])).toEqual([
      ['CatalogueBrowser', 0.75, 3],
      ['OrderPlacer', 0.25, 1],
    ]);
    expect(ratio.totals.every((t) => t.ranShare === null)).toBe(true);
  });

  it('leaves out the journeys the tag filters drop', () => {
    const ratio = currentRatio({
      model: 'closed',
      mix: mixOf(shop),
      classes: shop,
      filter: { tags: [], excludeTags: ['broken'] },
      wanted: {},
      journeysRun: {},
    });
    expect(ratio.classes.map((c) => [c.name, c.journeys.map((j) => j.name)])).toEqual([
      ['Shopper', ['Browse']],
      ['Breaker', []],
    ]);
  });

  it('shares the arrivals as max_users is shared (open model), with no user counts', () => {
    const mix = mixOf(catalogue);
    const ratio = currentRatio({
      model: 'open',
      mix,
      classes: catalogue,
      filter: {},
      arrivalShares: arrivalShares(10, mix),
      journeysRun: { BrowseCatalogue: 9, CheckStock: 3, PlaceOrder: 0, AuditOrder: 0 },
    });
    // 10 users by weight 3:1 is 8 and 2 (Locust's dispatch), so the shares are 0.8 and 0.2.
    expect(shares(ratio)).toEqual([
      [
        'CatalogueBrowser',
        0.8,
        null,
        null,
        [
          ['BrowseCatalogue', 0.75, 0.6],
          ['CheckStock', 0.25, 0.2],
        ],
      ],
      [
        'OrderPlacer',
        0.2,
        null,
        null,
        [
          ['PlaceOrder', 0.5, 0.1],
          ['AuditOrder', 0.5, 0.1],
        ],
      ],
    ]);
    expect(ratio.totals.map((t) => t.ranShare)).toEqual([0.75, 0.25, 0, 0]);
  });
});
