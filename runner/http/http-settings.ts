/**
 * What every request of a run is bounded by: how much of a response body is kept, how many
 * redirects are followed, and whether a self-signed certificate is accepted. One object per
 * thread, carried by its `ConnectionPools` so every client of the thread reads the same.
 */
export interface HttpSettings {
  /**
   * Most bytes of a response body kept in memory; the rest is read, counted and discarded,
   * and the request is a failure (unless the step raised its own `maxResponseBytes`).
   */
  maxResponseBytes: number;
  /** Redirects followed per request before it fails naming the chain; 0 = never follow. */
  maxRedirects: number;
  /** Accept any TLS certificate (k6's `insecureSkipTLSVerify`), for self-signed targets. */
  insecure: boolean;
}

/**
 * 8 MiB holds any API answer and any page a load test reads, while a thread of a few hundred
 * users cannot be driven out of memory by an endless or gigabyte body. 30 redirects is what
 * Locust's default `HttpUser` (python-requests) follows.
 */
export const DEFAULT_HTTP_SETTINGS: Readonly<HttpSettings> = {
  maxResponseBytes: 8 * 1024 * 1024,
  maxRedirects: 30,
  insecure: false,
};
