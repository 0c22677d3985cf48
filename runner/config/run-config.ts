/**
 * One run's settings, resolved: the profile's fields, overridden by command-line flags,
 * filled with Locust's defaults where neither says — durations in seconds, thresholds
 * parsed, the load as a list of stages.
 */
import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Stage } from '../load-model/load-shape.ts';
import { parseThreshold, type Threshold } from '../thresholds/parse.ts';
import { type BoundsSettings, resolveBounds } from './bounds-settings.ts';
import { defaultUsersModule } from './default-users-module.ts';
import { parseDuration } from './duration.ts';
import { type EmbeddedServiceSettings, resolveServiceSettings } from './embedded-service-settings.ts';
import { FlagError } from './errors.ts';
import { type CheckedFlags, type CliFlags, checkFlags, type RunSettingKey } from './flags.ts';
import { loadProblem } from './load-limits.ts';
import { type ArrivalPlan, resolveArrivals } from './open-load.ts';
import type { Profile } from './schema.ts';
import type { Setting, SettingValue } from './setting.ts';
import { type Settings, settings } from './settings.ts';
import { threadCap, threadsProblem } from './thread-cap.ts';

export type { CliFlags } from './flags.ts';

/** A class's share of the users: a weight, or `{ count }` users started first (from the profile). */
export type UserClassShare = NonNullable<Profile['user_classes']>[string];

export interface RunConfig {
  /** The profile's name; `run` when there is none. Names the results folder. */
  profileName: string;
  /** Closed model: the users to reach; with stages, the peak of all stages. Open model: `max_users`. */
  users: number;
  /** Closed model: users started per second; with stages, the first stage's rate. Open model: 0. */
  spawnRate: number;
  /** When the run ends; undefined = at `iterations` or Ctrl-C. With stages: their total length. */
  durationSeconds?: number;
  /** Closed model: the profile's stages, or one stage (`Infinity` seconds without a duration). Open model: none. */
  stages: Stage[];
  /** True when the load came from the profile's `stages` (not one plain stage or rate). */
  staged: boolean;
  /** The profile's `required_invariants`. */
  requiredInvariants?: string[];
  /** Open model: the arrival rate over time and `max_users`; undefined for a closed-model run. */
  arrivals?: ArrivalPlan;
  /** Target base URL; undefined = start the embedded service. */
  host?: string;
  seed: number;
  tags: string[];
  excludeTags: string[];
  threads: number;
  stopTimeoutSeconds: number;
  /** A request with no response for this long fails (`--request-timeout`, Locust's `network_timeout`). */
  requestTimeoutSeconds: number;
  iterations?: number;
  /** Absolute paths of the user-class files or folders. */
  usersModules: string[];
  /** Classes named on the command line; they win over `userClasses`. Empty = the profile's or all. */
  classNames: string[];
  /** The profile's shares; undefined = every class with its own static weight. */
  userClasses?: Record<string, UserClassShare>;
  csvFullHistory: boolean;
  thresholds: Threshold[];
  /** false = never abort; else abort once a threshold fails, this many seconds into the run. */
  abortOnThreshold: false | number;
  /** `--shard i/N`: this process runs shard i's share of the load (runner/load-model/shard.ts); undefined = the whole run. */
  shard?: { index: number; count: number };
  /** How the embedded service starts when no host is given. */
  service: EmbeddedServiceSettings;
  /** Empty the target's data before the run (`--reset-target`). */
  resetTarget: boolean;
  /** `--shape` / `shape:`: the LoadShape class to follow; undefined = the one the users modules export, if any. */
  shape?: string;
  /** `--find-limit` / `find_limit:`: step the load up to `users` (or the arrival rate) until a limit breaks. */
  findLimit?: FindLimitConfig;
  /** Response bodies, redirects, TLS, statistics names, hook time (runner/config/bounds-settings.ts). */
  bounds: BoundsSettings;
}

/** The limit search's settings: the limits, and how big and long each step is. */
export interface FindLimitConfig {
  limits: Threshold[];
  /** Users (closed) or arrivals/s (open) added each step. */
  step: number;
  stepSeconds: number;
}

/** How long each step of the limit search lasts when neither flag nor profile says. */
export const DEFAULT_LIMIT_STEP_SECONDS = 30;
/** The default step is this share of the ceiling: ten steps up to it. */
const DEFAULT_LIMIT_STEPS = 10;

/** As Locust's FastHttpUser `network_timeout` and undici's own default. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 60;

export interface ResolveOptions {
  /** Relative `users_module` / `-f` paths resolve from here; default `process.cwd()`. */
  cwd?: string;
  /** Default thread count; default one per core minus one (at least one). */
  cpuCount?: number;
  /** Seed when neither flag nor profile gives one; default a random 32-bit integer. */
  randomSeed?: () => number;
  /** `--shard i/N`: this process runs about 1/N of the load, so the load limits apply to that share. */
  shardCount?: number;
}

/**
 * Merges a profile (if any) and command-line flags: a flag wins over the profile field of
 * the same meaning. Throws `FlagError` listing every bad flag value.
 * @example resolveRunConfig(await loadProfile('smoke'), { users: '10', runTime: '30s' })
 */
export function resolveRunConfig(
  profile: Profile | undefined,
  flags: CliFlags,
  options: ResolveOptions = {},
): RunConfig {
  const flag = checkFlags(flags);
  const p = profile ?? ({ name: 'run' } satisfies Profile);
  const seconds = (value: string | number | undefined, field: string) =>
    value === undefined ? undefined : parseDuration(value, `profile ${p.name}: ${field}`);

  const load = resolveLoad(p, flag, seconds);
  const abort = flag.abortOnThreshold ?? p.abort_on_threshold ?? false;
  const cwd = options.cwd ?? process.cwd();
  const modules = flag.usersModule ?? (p.users_module ? [p.users_module] : [defaultUsersModule(cwd)]);
  const cores = options.cpuCount ?? availableParallelism();
  const threads = flag.threads ?? p.threads ?? Math.max(1, cores - 1);
  const tooMany = threadsProblem(
    threads,
    flag.threads === undefined ? `profile ${p.name}: threads` : '--threads',
    flag.maxThreads ?? threadCap(cores),
    cores,
  );
  if (tooMany) throw new FlagError([tooMany]);
  const share = (total: number) => Math.ceil(total / (options.shardCount ?? 1));
  const tooMuchLoad = loadProblem(
    {
      // Open model without --max-users: its cap is derived from the rate, which is checked itself.
      ...(load.arrivals && flag.maxUsers === undefined ? {} : { users: share(load.users) }),
      ...(Number.isFinite(load.spawnRate) ? { spawnRate: share(load.spawnRate) } : {}),
      ...(flag.arrivalRate === undefined ? {} : { arrivalRate: share(flag.arrivalRate) }),
    },
    {
      users:
        flag.users !== undefined
          ? '--users'
          : flag.maxUsers !== undefined
            ? '--max-users'
            : `profile ${p.name}: users`,
      spawnRate: flag.spawnRate !== undefined ? '--spawn-rate' : `profile ${p.name}: spawn_rate`,
      arrivalRate: '--arrival-rate',
    },
  );
  if (tooMuchLoad) throw new FlagError([tooMuchLoad]);
  return {
    profileName: p.name,
    ...load,
    ...((flag.host ?? p.host) ? { host: flag.host ?? p.host } : {}),
    seed: flag.seed ?? p.seed ?? (options.randomSeed ?? (() => randomInt(0, 2 ** 32)))(),
    tags: flag.tags ?? [...(p.tags ?? [])],
    excludeTags: flag.excludeTags ?? [...(p.exclude_tags ?? [])],
    threads,
    stopTimeoutSeconds: chosen('stopTimeout', flag, p) ?? 0,
    requestTimeoutSeconds: chosen('requestTimeout', flag, p) ?? DEFAULT_REQUEST_TIMEOUT_SECONDS,
    ...((flag.iterations ?? p.iterations) ? { iterations: flag.iterations ?? p.iterations } : {}),
    usersModules: modules.map((module) => resolve(cwd, module)),
    classNames: flag.classNames,
    ...(p.user_classes ? { userClasses: { ...p.user_classes } } : {}),
    csvFullHistory: flag.csvFullHistory ?? p.csv_full_history ?? false,
    thresholds:
      flag.threshold ??
      (p.thresholds ?? []).map((expression, i) =>
        parseThreshold(expression, `profile ${p.name}: thresholds[${i}]`),
      ),
    ...(p.required_invariants ? { requiredInvariants: [...p.required_invariants] } : {}),
    abortOnThreshold:
      abort === false ? false : abort === true ? 0 : (seconds(abort, 'abort_on_threshold') ?? 0),
    ...resolveServiceSettings(p, flags),
    ...((flag.shape ?? p.shape) ? { shape: flag.shape ?? p.shape } : {}),
    ...resolveFindLimit(p, flag, load),
    bounds: resolveBounds({
      maxResponseBytes: chosen('maxResponseBytes', flag, p),
      maxRedirects: chosen('maxRedirects', flag, p),
      insecure: chosen('insecure', flag, p),
      maxNames: chosen('maxNames', flag, p),
      hookTimeout: chosen('hookTimeout', flag, p),
    }),
  };
}

function resolveFindLimit(p: Profile, flag: CheckedFlags, load: LoadFields): { findLimit?: FindLimitConfig } {
  const limits = chosen('findLimit', flag, p);
  if (limits === undefined) {
    if (flag.limitStep !== undefined || flag.limitStepTime !== undefined) {
      throw new FlagError([
        '--limit-step, --limit-step-time: only with --find-limit (or a profile with find_limit)',
      ]);
    }
    return {};
  }
  if (flag.shape !== undefined) {
    throw new FlagError([
      '--shape: cannot be combined with --find-limit (the limit search is a load shape of its own)',
    ]);
  }
  const ceiling = load.arrivals ? Math.max(...load.arrivals.segments.map((s) => s.toRate)) : load.users;
  return {
    findLimit: {
      limits,
      step: chosen('limitStep', flag, p) ?? Math.max(1, Math.ceil(ceiling / DEFAULT_LIMIT_STEPS)),
      stepSeconds: chosen('limitStepTime', flag, p) ?? DEFAULT_LIMIT_STEP_SECONDS,
    },
  };
}

/**
 * A setting's value: the flag's, else the profile's field read by the same reader (its
 * mistakes named `profile NAME: field`), else undefined.
 */
function chosen<K extends RunSettingKey>(
  key: K,
  flag: CheckedFlags,
  p: Profile,
): SettingValue<Settings[K]> | undefined {
  if (flag[key] !== undefined) return flag[key] as SettingValue<Settings[K]>;
  const declared = settings[key] as Setting;
  const field = declared.profile?.key;
  const value = field === undefined ? undefined : (p as Record<string, unknown>)[field];
  if (value === undefined) return undefined;
  const read = declared.read as ((value: unknown, name: string) => unknown) | undefined;
  return (read ? read(value, `profile ${p.name}: ${field}`) : value) as SettingValue<Settings[K]>;
}

type LoadFields = Pick<
  RunConfig,
  'users' | 'spawnRate' | 'durationSeconds' | 'stages' | 'staged' | 'arrivals'
>;

function resolveLoad(
  p: Profile,
  flag: CheckedFlags,
  seconds: (value: string | number | undefined, field: string) => number | undefined,
): LoadFields {
  const open = resolveArrivals(p, flag, seconds);
  if (open !== undefined) {
    const { plan, durationSeconds, staged } = open;
    return {
      users: plan.maxUsers,
      spawnRate: 0,
      ...(durationSeconds === undefined ? {} : { durationSeconds }),
      stages: [],
      staged,
      arrivals: plan,
    };
  }
  const profileStages = (p.stages ?? []).map((stage, i) => ({
    durationSeconds: seconds(stage.duration, `stages[${i}].duration`)!,
    users: stage.users ?? 0,
    spawnRate: stage.spawn_rate,
  }));
  const stagesLength = profileStages.reduce((sum, stage) => sum + stage.durationSeconds, 0);
  // -u or -r turn any profile into a closed-model run: the flags say how many users, nothing else does.
  const closed = flag.users !== undefined || flag.spawnRate !== undefined;
  if (profileStages.length > 0 && !closed) {
    const stages = fitStages(withSpawnRates(profileStages), flag.runTime ?? stagesLength);
    return {
      users: Math.max(...stages.map((stage) => stage.users)),
      spawnRate: stages[0].spawnRate,
      durationSeconds: flag.runTime ?? stagesLength,
      stages,
      staged: true,
    };
  }
  const durationSeconds =
    flag.runTime ?? seconds(p.duration, 'duration') ?? (profileStages.length > 0 ? stagesLength : undefined);
  const users = flag.users ?? p.users ?? 1;
  const spawnRate = flag.spawnRate ?? p.spawn_rate ?? 1;
  return {
    users,
    spawnRate,
    ...(durationSeconds === undefined ? {} : { durationSeconds }),
    stages: [{ durationSeconds: durationSeconds ?? Number.POSITIVE_INFINITY, users, spawnRate }],
    staged: false,
  };
}

/** A stage without `spawn_rate` ramps evenly over its length, as k6's stages do. */
function withSpawnRates(
  stages: readonly { durationSeconds: number; users: number; spawnRate?: number }[],
): Stage[] {
  let previous = 0;
  return stages.map((stage) => {
    const change = Math.abs(stage.users - previous);
    previous = stage.users;
    const even =
      change === 0 || stage.durationSeconds === 0 ? Number.POSITIVE_INFINITY : change / stage.durationSeconds;
    return { durationSeconds: stage.durationSeconds, users: stage.users, spawnRate: stage.spawnRate ?? even };
  });
}

/** `-t` on a staged profile: stop the stages early, or hold the last stage's level longer. */
function fitStages(stages: Stage[], totalSeconds: number): Stage[] {
  const fitted: Stage[] = [];
  let start = 0;
  for (const stage of stages) {
    if (start >= totalSeconds) break;
    fitted.push({ ...stage, durationSeconds: Math.min(stage.durationSeconds, totalSeconds - start) });
    start += stage.durationSeconds;
  }
  const last = fitted[fitted.length - 1];
  if (last && start < totalSeconds) last.durationSeconds += totalSeconds - start;
  return fitted;
}
