import { createRequire } from 'node:module';
import type { Pool } from 'undici';
import { RunnerError } from '../errors.ts';
import type { ConnectCount } from './exchange.ts';
import { DEFAULT_HTTP_SETTINGS, type HttpSettings } from './http-settings.ts';

/** A target: `http://host:port` and the path prefix every request path is appended to. */
export interface Base {
  origin: string;
  path: string;
}

export interface ConnectionPoolsOptions extends Partial<HttpSettings> {
  /**
   * Most connections per origin. Default: no limit, so a thread opens at most as many
   * keep-alive connections as it has users with a request in flight.
   */
  connections?: number | null;
  /** How long an idle keep-alive connection stays open. Default 30 000 ms. */
  keepAliveTimeoutMs?: number;
  /** The run's `--request-timeout`: the default of every client on these pools. Default 60 000 ms. */
  requestTimeoutMs?: number;
}

let PoolClass: typeof Pool | undefined;

/**
 * undici, loaded when a thread opens its first pool rather than when it starts: it is the
 * largest module a worker thread loads, and threads without users never need it. Only its
 * `Pool` is loaded, from its own file (undici has no exports map): the package's index loads
 * every dispatcher, mock, cache store and interceptor besides — 110 modules and ~0.13 CPU-s
 * against 22 and ~0.05 (docs/performance.md). An undici that moved the file falls back to
 * the index.
 */
function undiciPool(): typeof Pool {
  if (PoolClass) return PoolClass;
  const require = createRequire(import.meta.url);
  try {
    PoolClass = require('undici/lib/dispatcher/pool.js') as typeof Pool;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    PoolClass = (require('undici') as typeof import('undici')).Pool;
  }
  return PoolClass;
}

/**
 * Loads undici now, for a thread whose first request must leave at an agreed instant (the
 * processes of a distributed or sharded run start together): loading it under that request
 * would delay it by the load's time, which a busy machine stretches to hundreds of ms.
 */
export function loadHttpClient(): void {
  undiciPool();
}

/**
 * The undici pools of one thread: one keep-alive `Pool` per origin, shared by every
 * user of the thread (pipelining 1, as a browser or Locust's FastHttpUser does).
 *
 * @example
 * const pools = new ConnectionPools({ connections: 100 });
 * const pool = pools.get('http://127.0.0.1:8000');
 * await pools.close();
 */
export class ConnectionPools {
  readonly #pools = new Map<string, Pool>();
  readonly #bases = new Map<string, Base>();
  readonly #options: Pool.Options;
  /** The bounds every request through these pools obeys. */
  readonly settings: Readonly<HttpSettings>;
  /** Milliseconds a request of a client on these pools waits for a response, unless it says otherwise. */
  readonly requestTimeoutMs: number | undefined;

  constructor(options: ConnectionPoolsOptions = {}) {
    this.requestTimeoutMs = options.requestTimeoutMs;
    const keepAlive = options.keepAliveTimeoutMs ?? 30_000;
    this.settings = {
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_HTTP_SETTINGS.maxResponseBytes,
      maxRedirects: options.maxRedirects ?? DEFAULT_HTTP_SETTINGS.maxRedirects,
      insecure: options.insecure ?? DEFAULT_HTTP_SETTINGS.insecure,
    };
    this.#options = {
      connections: options.connections ?? null,
      pipelining: 1,
      keepAliveTimeout: keepAlive,
      keepAliveMaxTimeout: Math.max(keepAlive, 600_000),
      ...(this.settings.insecure ? { connect: { rejectUnauthorized: false } } : {}),
    };
  }

  /**
   * A host URL split into origin and base path, parsed once per thread (every user's client asks).
   * @throws RunnerError `HOST_INVALID`
   */
  base(host: string): Base {
    let base = this.#bases.get(host);
    if (base === undefined) {
      let url: URL;
      try {
        url = new URL(host);
      } catch {
        throw new RunnerError(`invalid host "${host}"`, {
          code: 'HOST_INVALID',
          hint: 'give a base URL such as http://127.0.0.1:8000',
        });
      }
      base = {
        origin: url.origin,
        path: url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname,
      };
      this.#bases.set(host, base);
    }
    return base;
  }

  /** Connections opened by these pools so far (a request's clock keeps a connect made for it: `exchange`). */
  get opened(): number {
    return this.#opened;
  }

  /**
   * What a request's clock may start at its write with (`exchange`): these pools, when they
   * have no connection limit. With a limit, a request may wait for a connection: that wait is
   * the run's setting at work and stays in its time.
   */
  get writeClock(): ConnectCount | undefined {
    return this.#options.connections === null ? this : undefined;
  }

  #opened = 0;
  readonly #countConnect = () => {
    this.#opened++;
  };

  /** The pool for an origin (`http://host:port`), created on first use. */
  get(origin: string): Pool {
    let pool = this.#pools.get(origin);
    if (pool === undefined || pool.closed || pool.destroyed) {
      pool = new (undiciPool())(origin, this.#options);
      pool.on('connect', this.#countConnect);
      this.#pools.set(origin, pool);
    }
    return pool;
  }

  /** Closes every pool once its requests are done. */
  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((pool) => (pool.closed ? undefined : pool.close())));
  }

  /** Closes every pool now, aborting the requests in flight. */
  async destroy(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((pool) => (pool.destroyed ? undefined : pool.destroy())));
  }
}
