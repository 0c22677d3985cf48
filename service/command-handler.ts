import type { AggregateEntry, ServiceContext } from './context.ts';
import type { Decider, DomainEvent } from './domains/decider.ts';
import { BusinessRuleError, NotFoundError } from './errors.ts';
import { shouldSnapshot } from './eventstore/snapshots.ts';
import { ExpectedVersionConflict } from './eventstore/store-errors.ts';
import type { ExpectedVersion, JsonObject } from './eventstore/types.ts';
import type { CommandOutcome } from './metrics.ts';
import { isConflict } from './store-metrics.ts';

export interface LoadedAggregate<S> {
  state: S;
  /** Stream version the state reflects; -1 when the stream does not exist. */
  version: number;
  exists: boolean;
}

export interface HandleCommandOptions {
  /** Expected version for the append. Default: the version just loaded. An explicit value turns retries off unless `retry` says otherwise. */
  expectedVersion?: ExpectedVersion;
  /** Retry version conflicts (default true, false when `expectedVersion` is given). */
  retry?: boolean;
  /** Metric label; default the command's `type` field. */
  name?: string;
  /** Stored with every event (e.g. the request id as correlation_id). */
  metadata?: JsonObject;
}

export interface CommandResult<S, E> {
  state: S;
  /** Events this command appended (empty when the decider found nothing to do). */
  events: E[];
  nextExpectedVersion: number;
}

/**
 * Rebuilds an aggregate: starts from the LRU cache entry or the latest snapshot when those
 * are switched on, then folds every later event of the stream through `evolve`.
 *
 * @example
 * const { state, exists } = await loadAggregate(ctx, customerDecider, `Customer-${id}`);
 */
export async function loadAggregate<S, C, E extends DomainEvent>(
  ctx: ServiceContext,
  decider: Decider<S, C, E>,
  streamId: string,
): Promise<LoadedAggregate<S>> {
  let start: AggregateEntry | undefined;
  if (ctx.cache) {
    start = ctx.cache.get(streamId);
    ctx.metrics.aggregateCacheTotal.inc({ result: start ? 'hit' : 'miss' });
  }
  if (!start && ctx.snapshots) {
    start = await ctx.snapshots.read(streamId);
    ctx.metrics.snapshotsTotal.inc({ result: start ? 'hit' : 'miss' });
  }
  let state = start ? (start.state as S) : decider.initialState();
  const from = start ? start.version + 1 : 0;
  const read = await ctx.store.readStream(streamId, from > 0 ? { fromVersion: from } : undefined);
  for (const event of read.events) state = decider.evolve(state, { type: event.type, data: event.data } as E);
  const version = Math.max(read.currentVersion, start ? start.version : -1);
  return { state, version, exists: version >= 0 };
}

/** Full jitter (AWS architecture blog): uniform in [0, min(cap, base·2^attempt)). */
export function backoffDelayMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  return random() * Math.min(maxMs, baseMs * 2 ** attempt);
}

function outcomeOf(error: unknown): CommandOutcome {
  if (isConflict(error)) return 'conflict';
  if (error instanceof BusinessRuleError) return 'business_error';
  if (error instanceof NotFoundError) return 'not_found';
  return 'error';
}

/**
 * Runs one command against one stream: load, decide, append with the loaded version as the
 * expected version. A version conflict means someone else appended in between, so the whole
 * load–decide–append runs again after an exponential back-off with full jitter, at most
 * `config.maxRetries` times; then the conflict surfaces (409). Business-rule errors (400)
 * and unknown ids (404) are the decider's answer to this state and are never retried.
 * Durations, retries and outcomes are metrics.
 *
 * @example
 * const { events } = await handleCommand(ctx, customerDecider, `Customer-${id}`, {
 *   type: 'SuspendCustomer', reason, at: new Date().toISOString(),
 * });
 */
export async function handleCommand<S, C, E extends DomainEvent>(
  ctx: ServiceContext,
  decider: Decider<S, C, E>,
  streamId: string,
  command: C | ((state: S) => C),
  options: HandleCommandOptions = {},
): Promise<CommandResult<S, E>> {
  const retry = options.retry ?? options.expectedVersion === undefined;
  const maxRetries = retry ? ctx.config.maxRetries : 0;
  let name = options.name ?? (typeof command === 'function' ? undefined : commandType(command));
  const started = performance.now();
  let attempt = 0;
  try {
    for (;;) {
      try {
        const result = await attemptCommand(ctx, decider, streamId, command, options, attempt === 0);
        name ??= commandType(result.command);
        observe(ctx, name, 'ok', started);
        return result.outcome;
      } catch (error) {
        if (!isConflict(error) || attempt >= maxRetries) throw error;
        ctx.cache?.delete(streamId);
        name ??= 'unknown';
        ctx.metrics.commandRetriesTotal.inc({ command: name });
        await sleep(backoffDelayMs(attempt, ctx.config.retryBaseDelayMs, ctx.config.retryMaxDelayMs));
        attempt++;
      }
    }
  } catch (error) {
    observe(ctx, name ?? 'unknown', outcomeOf(error), started);
    throw toServiceConflict(error, streamId);
  }
}

async function attemptCommand<S, C, E extends DomainEvent>(
  ctx: ServiceContext,
  decider: Decider<S, C, E>,
  streamId: string,
  commandOrFactory: C | ((state: S) => C),
  options: HandleCommandOptions,
  firstAttempt: boolean,
): Promise<{ command: C; outcome: CommandResult<S, E> }> {
  const loaded = await loadAggregate(ctx, decider, streamId);
  const command =
    typeof commandOrFactory === 'function'
      ? (commandOrFactory as (state: S) => C)(loaded.state)
      : commandOrFactory;
  const events = decider.decide(command, loaded.state);
  if (events.length === 0) {
    return { command, outcome: { state: loaded.state, events, nextExpectedVersion: loaded.version } };
  }
  const expectedVersion: ExpectedVersion =
    firstAttempt && options.expectedVersion !== undefined
      ? options.expectedVersion
      : loaded.exists
        ? loaded.version
        : 'no_stream';
  const appended = await ctx.store.appendToStream(
    streamId,
    events.map((e) => ({ type: e.type, data: e.data, metadata: options.metadata })),
    { expectedVersion },
  );
  let state = loaded.state;
  for (const event of events) {
    state = decider.evolve(state, event);
    ctx.metrics.businessEventsTotal.inc({ type: event.type });
  }
  await remember(ctx, streamId, state, loaded.version, appended.nextExpectedVersion);
  return { command, outcome: { state, events, nextExpectedVersion: appended.nextExpectedVersion } };
}

/**
 * Updates the cache, and writes a snapshot when the append crossed a multiple of `snapshotEvery`.
 * The write is awaited (one command in N pays for it, measured) but cannot fail the command:
 * the events are already durable and a snapshot is only an optimisation.
 */
async function remember(
  ctx: ServiceContext,
  streamId: string,
  state: unknown,
  before: number,
  after: number,
) {
  ctx.cache?.set(streamId, { state, version: after });
  if (!ctx.snapshots || !shouldSnapshot(ctx.config.snapshotEvery, before, after)) return;
  try {
    await ctx.snapshots.write(streamId, { state, version: after });
    ctx.metrics.snapshotsTotal.inc({ result: 'save' });
  } catch (error) {
    ctx.log('warn', 'snapshot write failed', { streamId, error: String(error) });
  }
}

function observe(ctx: ServiceContext, command: string, outcome: CommandOutcome, started: number): void {
  ctx.metrics.commandDuration.observe({ command, outcome }, (performance.now() - started) / 1000);
}

function commandType(command: unknown): string {
  const type = (command as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : 'unknown';
}

/** Backends may throw their own conflict class; the store's callers and the HTTP edge know the one. */
function toServiceConflict(error: unknown, streamId: string): unknown {
  if (!isConflict(error) || error instanceof ExpectedVersionConflict) return error;
  return new ExpectedVersionConflict(streamId, 'unknown', -1);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
