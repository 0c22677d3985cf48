/**
 * The web UI's Current ratio tab, as Locust's: each user class's share of the users and each
 * journey's share within its class and of the whole run, as configured (weights, fixed
 * counts, tag filters) beside what runs — users per class now (closed model) and journeys
 * run so far (both models; the open model starts journeys, not users).
 */
import type { DiscoveredUser } from '../discovery/discover.ts';
import { planJourneys, type TagFilter } from '../engine/journey-plan.ts';
import type { UserMixEntry } from '../load-model/user-mix.ts';

export interface RatioJourney {
  name: string;
  weight: number;
  /** Share of its class's journeys, 0…1, from the weights. */
  classShare: number;
  /** Share of all journeys the run starts: the class's share × `classShare`. */
  totalShare: number;
}

export interface RatioClass {
  name: string;
  weight: number;
  fixedCount: number;
  /** Share of the users (closed model) or of the arrivals (open model), 0…1, as configured. */
  share: number;
  /** Closed model: the users it should have now and the users it has. Open model: null. */
  usersWanted: number | null;
  usersRunning: number | null;
  journeys: RatioJourney[];
}

/** One journey name over every class that runs it: configured against measured. */
export interface RatioTotal {
  name: string;
  totalShare: number;
  /** Journeys run so far (completed or interrupted) and their share of all run. */
  ran: number;
  ranShare: number | null;
}

export interface CurrentRatio {
  model: 'closed' | 'open';
  classes: RatioClass[];
  totals: RatioTotal[];
}

export interface RatioInput {
  model: 'closed' | 'open';
  mix: readonly UserMixEntry[];
  classes: readonly DiscoveredUser[];
  filter: TagFilter;
  /** Closed model: users per class as configured for the users now (weights, fixed counts first). */
  wanted?: Readonly<Record<string, number>>;
  /** Closed model: users per class running now. */
  running?: Readonly<Record<string, number>>;
  /** Open model: each class's share of max_users, which is its share of the arrivals. */
  arrivalShares?: readonly { name: string; maxUsers: number }[];
  /** Journeys run so far, by journey name. */
  journeysRun: Readonly<Record<string, number>>;
}

/**
 * @example
 * currentRatio({ model: 'closed', mix, classes, filter: {}, wanted: { A: 2 }, running: { A: 1 }, journeysRun: {} })
 */
export function currentRatio(input: RatioInput): CurrentRatio {
  const shares = classShares(input);
  const classes: RatioClass[] = input.mix.map((entry) => {
    const discovered = input.classes.find((c) => c.name === entry.name);
    const share = shares.get(entry.name) ?? 0;
    return {
      name: entry.name,
      weight: entry.weight,
      fixedCount: entry.fixedCount,
      share,
      usersWanted: input.model === 'closed' ? (input.wanted?.[entry.name] ?? 0) : null,
      usersRunning: input.model === 'closed' ? (input.running?.[entry.name] ?? 0) : null,
      journeys: discovered ? journeyShares(discovered, input.filter, share) : [],
    };
  });
  const byName = new Map<string, number>();
  for (const c of classes)
    for (const j of c.journeys) byName.set(j.name, (byName.get(j.name) ?? 0) + j.totalShare);
  const ranAll = [...byName.keys()].reduce((n, name) => n + (input.journeysRun[name] ?? 0), 0);
  const totals = [...byName].map(([name, totalShare]) => {
    const ran = input.journeysRun[name] ?? 0;
    return { name, totalShare, ran, ranShare: ranAll > 0 ? ran / ranAll : null };
  });
  return { model: input.model, classes, totals };
}

/**
 * Open model: each class's share of max_users. Closed model: the weights (as Locust's ratio);
 * with fixed counts, the split of the users now, since fixed counts are filled first.
 */
function classShares(input: RatioInput): Map<string, number> {
  if (input.model === 'open' && input.arrivalShares) {
    const all = input.arrivalShares.reduce((n, s) => n + s.maxUsers, 0);
    return new Map(input.arrivalShares.map((s) => [s.name, all > 0 ? s.maxUsers / all : 0]));
  }
  const wanted = input.wanted ?? {};
  const users = Object.values(wanted).reduce((n, v) => n + v, 0);
  if (input.mix.some((e) => e.fixedCount > 0) && users > 0)
    return new Map(input.mix.map((e) => [e.name, (wanted[e.name] ?? 0) / users]));
  const weights = input.mix.reduce((n, e) => n + (e.fixedCount > 0 ? 0 : e.weight), 0);
  return new Map(input.mix.map((e) => [e.name, e.fixedCount > 0 || weights === 0 ? 0 : e.weight / weights]));
}

function journeyShares(user: DiscoveredUser, filter: TagFilter, classShare: number): RatioJourney[] {
  let plan: ReturnType<typeof planJourneys>;
  try {
    plan = planJourneys(user.name, user.journeys, filter);
  } catch {
    return []; // every journey filtered out: the run refuses such a class before it starts
  }
  return plan.entries.map((entry) => ({
    name: entry.name,
    weight: entry.weight,
    classShare: entry.weight / plan.total,
    totalShare: (entry.weight / plan.total) * classShare,
  }));
}
