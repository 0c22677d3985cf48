import { Buffer } from 'node:buffer';
import type { Dispatcher } from 'undici';

/** A response read to its end: status, headers, body text and its size in bytes. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text, at most `limit` bytes of it. */
  text: string;
  /** Every byte of the body, kept or discarded. */
  bytes: number;
  /** The body was longer than the limit: `text` holds its first `limit` bytes only. */
  truncated: boolean;
  /**
   * `performance.now()` when the request went to its connection, just before its write — or,
   * when a connection was opened meanwhile, when it was dispatched (the connect is its time).
   */
  startedAt: number;
  /** `performance.now()` when the last byte arrived, before any promise continuation runs. */
  endedAt: number;
}

/** Counts the connections a pool has opened (`ConnectionPools.opened`). */
export interface ConnectCount {
  readonly opened: number;
}

/**
 * Collects one response through undici's `dispatch` handler API: the body arrives as
 * chunks straight from the parser, with no stream or body mixin in between — about half
 * the CPU of `request()` + `body.text()` per request, which is the runner's hot path.
 */
class ResponseCollector implements Dispatcher.DispatchHandler {
  status = 0;
  headers: RawResponse['headers'] = {};
  /** The body's first chunk, and the rest when there are more: most bodies come in one, and this is once per request. */
  first: Buffer | undefined;
  more: Buffer[] | undefined;
  bytes = 0;
  truncated = false;
  readonly limit: number;
  readonly connects: ConnectCount | undefined;
  readonly openedBefore: number;
  startedAt: number;
  resolve!: (response: RawResponse) => void;
  reject!: (error: Error) => void;

  constructor(limit: number, connects: ConnectCount | undefined) {
    this.limit = limit;
    this.connects = connects;
    this.openedBefore = connects === undefined ? 0 : connects.opened;
    this.startedAt = performance.now();
  }

  /**
   * The request is about to be written. undici holds a request for a kept-alive socket back
   * one turn of the event loop (it checks the socket was not closed meanwhile), and the
   * thread's other users' work runs in that turn: that wait is the runner's, not the
   * target's, so the clock starts here, as wrk's does at its write. Not when any connection
   * was opened since the dispatch: a new connection's connect stays in its request's time.
   */
  onRequestStart(): void {
    if (this.connects !== undefined && this.connects.opened === this.openedBefore)
      this.startedAt = performance.now();
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    status: number,
    headers: RawResponse['headers'],
  ): void {
    this.status = status;
    this.headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const room = this.limit - this.bytes;
    this.bytes += chunk.length;
    if (room >= chunk.length) this.keep(chunk);
    else {
      // Past the limit the body is only counted: an endless or gigabyte body costs no memory.
      // The kept part is copied, so the parser's chunk is not held alive by a slice of it.
      if (room > 0) this.keep(Buffer.from(chunk.subarray(0, room)));
      this.truncated = true;
    }
  }

  keep(chunk: Buffer): void {
    if (this.first === undefined) this.first = chunk;
    else if (this.more === undefined) this.more = [this.first, chunk];
    else this.more.push(chunk);
  }

  onResponseEnd(): void {
    const endedAt = performance.now();
    const { first, more } = this;
    const text =
      more !== undefined ? Buffer.concat(more).toString() : first !== undefined ? first.toString() : '';
    this.first = undefined;
    this.more = undefined;
    this.resolve({
      status: this.status,
      headers: this.headers,
      text,
      bytes: this.bytes,
      truncated: this.truncated,
      startedAt: this.startedAt,
      endedAt,
    });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.reject(error);
  }
}

/**
 * Sends one request and reads the whole response, keeping at most `limit` bytes of its body.
 * `connects`: the pool's count of connections opened; without it the clock starts at the dispatch.
 * @example const { status, text } = await exchange(pool, { path: '/health', method: 'GET' }, 8 << 20);
 */
export function exchange(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  limit = Number.POSITIVE_INFINITY,
  connects?: ConnectCount,
): Promise<RawResponse> {
  const collector = new ResponseCollector(limit, connects);
  const response = new Promise<RawResponse>((resolve, reject) => {
    collector.resolve = resolve;
    collector.reject = reject;
  });
  dispatcher.dispatch(options, collector);
  return response;
}
