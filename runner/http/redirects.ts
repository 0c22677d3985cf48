/**
 * Redirects as Locust's default `HttpUser` (python-requests) follows them: 301/302/303
 * turn a request other than HEAD into a GET without a body, 307/308 repeat it as it was;
 * credentials do not follow to another origin. A chain longer than the bound, or one that
 * comes back to a URL it has visited, is a failure naming the chain.
 */

/** One request of a chain. */
export interface Hop {
  origin: string;
  path: string;
  method: string;
  headers: Readonly<Record<string, string>>;
  body: string | Uint8Array | undefined;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Hops shown at each end of a long chain in a failure text. */
const SHOWN_AT_ENDS = 3;

/**
 * The next request of a chain, or undefined when this response is not a redirect to follow.
 * @example followRedirect(hop, 302, '/login') // { ...hop, path: '/login', method: 'GET', body: undefined }
 */
export function followRedirect(hop: Hop, status: number, location: unknown): Hop | undefined {
  if (!REDIRECTS.has(status)) return undefined;
  const text = Array.isArray(location) ? location[0] : location;
  if (typeof text !== 'string' || text === '') return undefined;
  let url: URL;
  try {
    url = new URL(text, hop.origin + hop.path);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const asGet = status === 303 ? hop.method !== 'HEAD' : status <= 302 && hop.method === 'POST';
  let headers = hop.headers;
  if (asGet || url.origin !== hop.origin) {
    const kept: Record<string, string> = { ...headers };
    for (const key of Object.keys(kept)) {
      const lower = key.toLowerCase();
      const credential = lower === 'authorization' || lower === 'cookie';
      const bodyHeader = lower === 'content-type' || lower === 'content-length';
      if ((credential && url.origin !== hop.origin) || (bodyHeader && asGet)) delete kept[key];
    }
    headers = kept;
  }
  return {
    origin: url.origin,
    path: url.pathname + url.search,
    method: asGet ? 'GET' : hop.method,
    headers,
    body: asGet ? undefined : hop.body,
  };
}

/**
 * Why a chain must stop before `next` (a loop, or more than `max` redirects), or undefined.
 * @example redirectProblem(['http://h/a', 'http://h/b'], 'http://h/a', 30, 'GET') // 'redirect loop: GET http://h/a → http://h/b → http://h/a'
 */
export function redirectProblem(
  visited: readonly string[],
  next: string,
  max: number,
  method: string,
): string | undefined {
  if (visited.includes(next)) return `redirect loop: ${method} ${chainText([...visited, next])}`;
  if (visited.length > max)
    return `more than ${max} redirects (max_redirects): ${method} ${chainText([...visited, next])}`;
  return undefined;
}

function chainText(urls: readonly string[]): string {
  const shown =
    urls.length <= 2 * SHOWN_AT_ENDS + 1
      ? urls
      : [
          ...urls.slice(0, SHOWN_AT_ENDS),
          `… ${urls.length - 2 * SHOWN_AT_ENDS} more …`,
          ...urls.slice(-SHOWN_AT_ENDS),
        ];
  return shown.join(' → ');
}
