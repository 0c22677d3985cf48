/**
 * Statistics snapshots and run settings as JSON for the master–worker protocol
 * (docs/decisions.md, "Distributed mode"). A snapshot stays lossless: a histogram encoded as
 * bytes travels as base64 and comes back as the same bytes.
 */
import type { RunConfig } from '../config/run-config.ts';
import type { EncodedHistogram } from '../stats/histogram.ts';
import type { StatsSnapshot } from '../stats/types.ts';

/** A histogram on the wire: bytes as `{ bytes: base64 }`, a compressed string as it is. */
type WireHistogram = string | { bytes: string };

const toWire = (histogram: EncodedHistogram): WireHistogram =>
  typeof histogram === 'string' ? histogram : { bytes: Buffer.from(histogram).toString('base64') };

const fromWire = (histogram: WireHistogram): EncodedHistogram =>
  typeof histogram === 'string' ? histogram : new Uint8Array(Buffer.from(histogram.bytes, 'base64'));

type Histograms<T> = { [K in keyof T]: K extends 'histogram' ? WireHistogram : T[K] };

/** A snapshot as JSON can carry it. */
export interface WireSnapshot extends Omit<StatsSnapshot, 'endpoints' | 'journeys' | 'arrivals'> {
  endpoints: Histograms<StatsSnapshot['endpoints'][number]>[];
  journeys: Histograms<StatsSnapshot['journeys'][number]>[];
  arrivals?: Histograms<NonNullable<StatsSnapshot['arrivals']>>;
}

/** @example JSON.stringify(snapshotToWire(snapshot)) */
export function snapshotToWire(snapshot: StatsSnapshot): WireSnapshot {
  const { arrivals, ...rest } = snapshot;
  return {
    ...rest,
    endpoints: snapshot.endpoints.map((entry) => ({ ...entry, histogram: toWire(entry.histogram) })),
    journeys: snapshot.journeys.map((entry) => ({ ...entry, histogram: toWire(entry.histogram) })),
    ...(arrivals ? { arrivals: { ...arrivals, histogram: toWire(arrivals.histogram) } } : {}),
  };
}

/** @example stats.merge(snapshotFromWire(JSON.parse(body))) */
export function snapshotFromWire(wire: WireSnapshot): StatsSnapshot {
  const { arrivals, ...rest } = wire;
  return {
    ...rest,
    endpoints: wire.endpoints.map((entry) => ({ ...entry, histogram: fromWire(entry.histogram) })),
    journeys: wire.journeys.map((entry) => ({ ...entry, histogram: fromWire(entry.histogram) })),
    ...(arrivals ? { arrivals: { ...arrivals, histogram: fromWire(arrivals.histogram) } } : {}),
  };
}

// JSON has no Infinity: a stage without a duration lasts `Infinity` seconds.
const INFINITY = '∞';

/** The run's settings as JSON text (Infinity survives). */
export function configToWire(config: RunConfig): string {
  return JSON.stringify(config, (_key, value) => (value === Number.POSITIVE_INFINITY ? INFINITY : value));
}

/** The run's settings back from `configToWire`'s text. */
export function configFromWire(text: string): RunConfig {
  return JSON.parse(text, (_key, value) =>
    value === INFINITY ? Number.POSITIVE_INFINITY : value,
  ) as RunConfig;
}
