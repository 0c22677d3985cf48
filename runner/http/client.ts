/**
 * The HTTP client a user's journeys call: one undici pool per origin per worker thread,
 * keep-alive, every request recorded in the statistics under its `name`.
 */
import type { Dispatcher } from 'undici';
import { RequestCancelled, RequestFailed, RunnerOutOfFiles } from './client-errors.ts';
import { ClientView } from './client-view.ts';
import { ConnectionPools } from './connection-pools.ts';
import { exchange, type RawResponse } from './exchange.ts';
import { httpFailure, oneLine, userLine } from './failure-text.ts';
import type { HttpSettings } from './http-settings.ts';
import { followRedirect, redirectProblem } from './redirects.ts';
import { RequestShortcuts } from './request-shortcuts.ts';

/** A response, already read: the body is consumed so the socket goes back to the pool. */
export interface ClientResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: journeys read response fields freely
  json: any;
  text: string;
  /** Whether the request counted as a success in the statistics. */
  ok: boolean;
  /** Milliseconds from sending the request to the end of the body. */
  elapsedMs: number;
  /** The outcome named by `outcomes` for this status, if any (counted in the journey's `outcomes`). */
  outcome?: string;
}

/**
 * Marks a response as success (`true`/`undefined`) or failure (`false`, or a string
 * that becomes the failure's error text) — Locust's `catch_response`.
 */
export type ResponseCheck = (response: ClientResponse) => boolean | string | undefined | undefined;

export interface RequestOptions {
  /** Statistics group, e.g. `PUT /orders/{id}/confirm`. Default: the path without its query. */
  name?: string;
  /** Body sent as JSON with `content-type: application/json`. */
  json?: unknown;
  /** Raw body. */
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  /**
   * Statuses that count as success, or a check. Default: status < 400.
   * A failed expectation is recorded once as a failure and interrupts the journey.
   */
  expect?: readonly number[] | ResponseCheck;
  /**
   * Statuses that are expected outcomes of a race (counted as successful requests and,
   * per journey, as named outcomes), e.g. `{ 201: 'won', 400: 'insufficient-stock', 409: 'conflict' }`.
   */
  outcomes?: Readonly<Record<number, string>>;
  /** Milliseconds before the request fails with a timeout. Default 60 000. */
  timeoutMs?: number;
  /**
   * Most bytes of the body kept; a longer body is read to its end (its size counted), but
   * `text` holds only this much and the request is a failure. Default: the run's
   * `max_response_bytes` (8 MiB); `Infinity` asks for the whole body.
   */
  maxResponseBytes?: number;
}

/** @example const res = await this.client.post('/customers', { json: body, name: 'POST /customers', expect: [201] }); */
export interface HttpClient {
  request(method: string, path: string, options?: RequestOptions): Promise<ClientResponse>;
  get(path: string, options?: RequestOptions): Promise<ClientResponse>;
  post(path: string, options?: RequestOptions): Promise<ClientResponse>;
  put(path: string, options?: RequestOptions): Promise<ClientResponse>;
  patch(path: string, options?: RequestOptions): Promise<ClientResponse>;
  delete(path: string, options?: RequestOptions): Promise<ClientResponse>;
}

/** Where the client records each request (the thread's `StatsRecorder` satisfies it). */
export interface RequestRecorder {
  request(method: string, name: string, responseTimeMs: number, contentLength: number, error?: string): void;
}

export interface ClientOptions {
  /** Base URL, e.g. `http://127.0.0.1:8000` or `http://host/api` (paths are appended). */
  host: string;
  /** Statistics of the thread; none for a client used by run hooks. */
  recorder?: RequestRecorder;
  /** The thread's shared pools; default: pools of its own, closed by `close()`. */
  pools?: ConnectionPools;
  /** Headers sent with every request of this client (its views send their own). */
  headers?: Record<string, string>;
  /** Bounds of the pools this client opens itself (ignored with `pools`): the run's `http` settings. */
  settings?: Partial<HttpSettings>;
  /** Milliseconds before a request fails with a timeout, unless it gives its own `timeoutMs`. Default: the pools', else 60 000. */
  timeoutMs?: number;
}

/**
 * What a view of the client adds to each request: whose default headers go with it and
 * where its named outcomes are counted.
 */
export interface ClientScope {
  /** The headers sent with every request, asked for each request (a user's `headers` may change). */
  headers?: () => Readonly<Record<string, string>>;
  /** Where responses named by `outcomes` are counted; not counted when absent. */
  outcomes?: Map<string, number>;
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** How long a request that found no free file descriptor waits before it gives up. */
const OUT_OF_FILES_PAUSE_MS = 100;
/** Shared by every client without headers of its own: it is only read, never written. */
const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * The runner's `HttpClient`. Each user gets one (sharing the thread's pools) and hands out
 * views of it — the user's own, and one per journey — that share its pools, recorder and
 * cancellation but carry their own default headers and outcome counts. Run hooks construct
 * one standalone.
 *
 * @example
 * const client = new Client({ host: 'http://127.0.0.1:8000' });
 * const res = await client.get('/health', { expect: [200] });
 * await client.close();
 */
export class Client extends RequestShortcuts {
  readonly #origin: string;
  readonly #basePath: string;
  readonly #pools: ConnectionPools;
  readonly #ownPools: boolean;
  readonly #recorder: RequestRecorder | undefined;
  readonly #headers: Record<string, string>;
  readonly #timeoutMs: number;
  #cancelled = false;

  constructor(options: ClientOptions) {
    super();
    this.#ownPools = options.pools === undefined;
    this.#pools = options.pools ?? new ConnectionPools(options.settings);
    const base = this.#pools.base(options.host);
    this.#origin = base.origin;
    this.#basePath = base.path;
    this.#recorder = options.recorder;
    this.#headers = options.headers ?? NO_HEADERS;
    this.#timeoutMs = options.timeoutMs ?? this.#pools.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /**
   * A view of this client with its own default headers and outcome counts.
   * @example const journeyClient = client.view({ headers: () => user.headers, outcomes: journey.outcomes });
   */
  view(scope: ClientScope): ClientView {
    return new ClientView(this, scope.headers, scope.outcomes);
  }

  /** Whether `cancel()` was called: requests then end with `RequestCancelled` and are never recorded. */
  get cancelled(): boolean {
    return this.#cancelled;
  }

  /**
   * Cuts this client off: new requests fail with `RequestCancelled`, and requests in flight
   * are dropped when they end (a stopping thread destroys its pools to end them at once).
   */
  cancel(): void {
    this.#cancelled = true;
  }

  request(method: string, path: string, options?: RequestOptions): Promise<ClientResponse> {
    return this.send(method, path, options, this.#headers, undefined);
  }

  /** One request with a view's headers and outcome counts (what `ClientView` calls). */
  async send(
    method: string,
    path: string,
    options: RequestOptions | undefined,
    defaultHeaders: Readonly<Record<string, string>>,
    outcomes: Map<string, number> | undefined,
  ): Promise<ClientResponse> {
    if (this.#cancelled) throw new RequestCancelled();
    let origin = this.#origin;
    let target: string;
    if (path.startsWith('http://') || path.startsWith('https://')) {
      const url = new URL(path);
      origin = url.origin;
      target = url.pathname + url.search;
    } else {
      target = path.charCodeAt(0) === 47 ? this.#basePath + path : `${this.#basePath}/${path}`;
    }
    let name = options?.name;
    if (name === undefined) {
      const queryAt = path.indexOf('?');
      name = queryAt < 0 ? path : path.slice(0, queryAt);
    }
    let headers = defaultHeaders as Record<string, string>;
    let body = options?.body;
    let timeout = this.#timeoutMs;
    if (options !== undefined) {
      if (options.query !== undefined)
        target += (target.includes('?') ? '&' : '?') + encodeQuery(options.query);
      if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        headers = { 'content-type': 'application/json', ...headers, ...options.headers };
      } else if (options.headers !== undefined) {
        headers = { ...headers, ...options.headers };
      }
      if (options.timeoutMs !== undefined) timeout = options.timeoutMs;
    }

    const { maxResponseBytes, maxRedirects } = this.#pools.settings;
    const limit = options?.maxResponseBytes ?? maxResponseBytes;
    const start = performance.now();
    let raw: RawResponse;
    let problem: string | undefined;
    let bytes = 0;
    let startedAt: number | undefined;
    let hop = { origin, path: target, method, headers, body };
    // Made at the first redirect: most requests have none, and this is once per request.
    let visited: string[] | undefined;
    try {
      for (;;) {
        raw = await exchange(
          this.#pools.get(hop.origin),
          {
            path: hop.path,
            method: hop.method as Dispatcher.HttpMethod,
            headers: hop.headers,
            body: hop.body,
            headersTimeout: timeout,
            bodyTimeout: timeout,
          },
          limit,
          this.#pools.writeClock,
        );
        // The first hop's start: a redirect's time runs from the first request to the last byte.
        startedAt ??= raw.startedAt;
        bytes += raw.bytes;
        if (this.#cancelled || maxRedirects === 0) break;
        const next = followRedirect(hop, raw.status, raw.headers.location);
        if (next === undefined) break;
        visited ??= [];
        visited.push(hop.origin + hop.path);
        problem = redirectProblem(visited, next.origin + next.path, maxRedirects, method);
        if (problem !== undefined) break;
        hop = next;
      }
    } catch (error) {
      if (this.#cancelled) throw new RequestCancelled();
      // Out of file descriptors is the runner's problem, not the target's: an exception, never a failed request.
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'EMFILE' || code === 'ENFILE') {
        // A pause before the journey ends: users without think time would otherwise retry in a
        // loop that never yields to the thread's timers (its snapshots, its stop).
        await new Promise((resolve) => setTimeout(resolve, OUT_OF_FILES_PAUSE_MS));
        throw new RunnerOutOfFiles(code, error);
      }
      const failure = networkFailure(error);
      this.#recorder?.request(method, name, performance.now() - start, bytes, failure);
      throw new RequestFailed(method, name, failure, undefined, error);
    }
    const elapsedMs = raw.endedAt - (startedAt ?? start);
    if (this.#cancelled) throw new RequestCancelled();
    if (problem === undefined && raw.truncated)
      problem = `response body of ${raw.bytes} bytes is over the ${limit}-byte limit (maxResponseBytes / max_response_bytes; Infinity reads it all)`;
    // The exchange's own object, made for this request: its count becomes every hop's bytes (no copy).
    raw.bytes = bytes;
    return this.#settle(method, name, raw, elapsedMs, options, outcomes, problem);
  }

  /** Closes the pools this client opened itself (not a thread's shared pools). */
  async close(): Promise<void> {
    if (this.#ownPools) await this.#pools.close();
  }

  /** Decides success, records the request, counts its outcome; throws `RequestFailed` on a failed expectation. */
  #settle(
    method: string,
    name: string,
    raw: RawResponse,
    elapsedMs: number,
    options: RequestOptions | undefined,
    outcomes: Map<string, number> | undefined,
    problem: string | undefined,
  ): ClientResponse {
    const { status, text } = raw;
    const headers = raw.headers as Record<string, string>;
    for (const key in headers) {
      const value: unknown = headers[key];
      if (typeof value !== 'string') headers[key] = (value as string[]).join(', ');
    }
    const contentType = headers['content-type'];
    let json: unknown;
    if (contentType?.includes('json') && text.length > 0 && !raw.truncated) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    const response: ClientResponse = { status, headers, json, text, ok: true, elapsedMs, outcome: undefined };
    let failure = problem;
    const outcome = options?.outcomes?.[status];
    if (failure !== undefined) {
      // A redirect loop or an over-limit body fails whatever the status or the check says.
    } else if (outcome !== undefined) {
      response.outcome = outcome;
      outcomes?.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    } else {
      const expect = options?.expect;
      if (expect === undefined) {
        if (status >= 400) failure = httpFailure(status, text);
      } else if (typeof expect === 'function') {
        failure = checkFailure(expect, response);
      } else if (!expect.includes(status)) {
        failure = httpFailure(status, text);
      }
    }
    this.#recorder?.request(method, name, elapsedMs, raw.bytes, failure);
    if (failure !== undefined) {
      response.ok = false;
      throw new RequestFailed(method, name, failure, response);
    }
    return response;
  }
}

/** Runs a `catch_response`-style check: `false` fails with the status line, a string fails with that text. */
function checkFailure(check: ResponseCheck, response: ClientResponse): string | undefined {
  let verdict: ReturnType<ResponseCheck>;
  try {
    verdict = check(response);
  } catch (error) {
    return userLine(error instanceof Error ? error.message : String(error));
  }
  if (verdict === false) return httpFailure(response.status, response.text);
  if (typeof verdict === 'string') return userLine(verdict);
  return undefined;
}

/** The error text of a connection-level failure: its code (`ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`) or message. */
function networkFailure(error: unknown): string {
  if (error !== null && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') return oneLine(message);
  }
  return oneLine(String(error));
}

function encodeQuery(query: Readonly<Record<string, string | number | boolean | undefined>>): string {
  let out = '';
  for (const key in query) {
    const value = query[key];
    if (value === undefined) continue;
    if (out !== '') out += '&';
    out += `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`;
  }
  return out;
}
