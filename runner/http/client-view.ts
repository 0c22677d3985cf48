import type { Client, ClientResponse, ClientScope, RequestOptions } from './client.ts';
import { RequestShortcuts } from './request-shortcuts.ts';

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});
/** One function for every view without headers of its own (no closure per view). */
const noHeaders = () => NO_HEADERS;

/**
 * A user's or a journey's own view of the user's client: the same pools, recorder and
 * cancellation, its own default headers and outcome counts. Nothing is set on the shared
 * client before a journey and read back after: each journey's requests count into the
 * journey's own map.
 *
 * @example
 * const userClient = client.view({ headers: () => user.headers });
 * const journeyClient = userClient.view({ outcomes: journey.outcomes }); // the user's headers, the journey's outcomes
 */
export class ClientView extends RequestShortcuts {
  #outcomes: Map<string, number> | undefined;
  readonly #client: Client;
  readonly #headers: () => Readonly<Record<string, string>>;

  /** `headers`: the view's default headers, asked for each request; `outcomes`: where it counts them, if given. */
  constructor(
    client: Client,
    headers: () => Readonly<Record<string, string>> = noHeaders,
    outcomes?: Map<string, number>,
  ) {
    super();
    this.#client = client;
    this.#headers = headers;
    this.#outcomes = outcomes;
  }

  /**
   * Where this view counts named outcomes; made at first use, since most views never count
   * one (every waiting user held an empty map: docs/performance.md).
   */
  get outcomes(): Map<string, number> {
    this.#outcomes ??= new Map();
    return this.#outcomes;
  }

  /** The outcomes counted so far, without making a map for a view that has none. */
  get countedOutcomes(): ReadonlyMap<string, number> | undefined {
    return this.#outcomes;
  }

  /** Forgets the outcomes counted so far. */
  clearOutcomes(): void {
    this.#outcomes?.clear();
  }

  /** Whether the user was cancelled: requests then end with `RequestCancelled`. */
  get cancelled(): boolean {
    return this.#client.cancelled;
  }

  /** A view that keeps this one's headers unless `scope` gives its own. */
  view(scope: ClientScope): ClientView {
    // Once per journey: the scope is read, not copied into another object.
    return new ClientView(this.#client, scope.headers ?? this.#headers, scope.outcomes);
  }

  request(method: string, path: string, options?: RequestOptions): Promise<ClientResponse> {
    // Only a request that names outcomes can count one.
    const counts = options?.outcomes === undefined ? this.#outcomes : this.outcomes;
    return this.#client.send(method, path, options, this.#headers(), counts);
  }
}
