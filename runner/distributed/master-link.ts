/**
 * A worker's side of the protocol: JSON requests to the master with the shared token, and
 * the offset between the two clocks (the master's start time is read on the worker's clock).
 */
import { RunnerError } from '../errors.ts';
import {
  type JoinAnswer,
  type JoinRequest,
  type PollAnswer,
  type PollRequest,
  REQUEST_TIMEOUT_MS,
} from './protocol.ts';

/** A request the master answered with a refusal (wrong token, other modules, lost worker). */
export class MasterRefused extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export class MasterLink {
  readonly url: string;
  private readonly token: string | undefined;
  /** Master's clock minus ours, from the exchange with the shortest round trip so far. */
  private offset = 0;
  private bestRoundTrip = Number.POSITIVE_INFINITY;

  constructor(url: string, token?: string) {
    this.url = url;
    this.token = token;
  }

  join(request: JoinRequest): Promise<JoinAnswer> {
    return this.send<JoinAnswer>('/join', request);
  }

  poll(request: PollRequest): Promise<PollAnswer> {
    return this.send<PollAnswer>('/poll', request);
  }

  /** A time on the master's clock, on ours. */
  local(masterTime: number): number {
    return masterTime - this.offset;
  }

  private async send<T extends { masterNow: number }>(path: string, body: unknown): Promise<T> {
    const sent = Date.now();
    const response = await fetch(new URL(path, this.url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.token === undefined ? {} : { authorization: `Bearer ${this.token}` }),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const answer = (await response.json()) as T & { error?: string };
    if (!response.ok) throw new MasterRefused(response.status, answer.error ?? `HTTP ${response.status}`);
    const received = Date.now();
    if (received - sent < this.bestRoundTrip) {
      this.bestRoundTrip = received - sent;
      this.offset = answer.masterNow - (sent + received) / 2;
    }
    return answer;
  }
}

/** The one line for a refusal at join: exit 2, as any bad input. */
export function refusedLine(error: MasterRefused, url: string): RunnerError {
  return new RunnerError(`the master at ${url} refused this worker: ${error.message}`, {
    code: error.status === 401 ? 'MASTER_TOKEN' : 'WORKER_REFUSED',
  });
}
