/**
 * One key per endpoint: the suite calls an endpoint by its template
 * (`'PUT /orders/{id}/ship'`), and both the URL and the statistics name come from that one
 * string, so they cannot drift apart. Race and flood journeys may put a tag in front
 * (`'[FLASH] POST /inventory/{id}/reserve'`), and a journey may note a variant behind it
 * (`'POST /orders/{id}/items (after confirm)'`): both belong to the name, not to the URL.
 */
import type { ClientResponse, HttpClient, RequestOptions } from 'journeys-runner';
import { fillParams, type HttpMethod as Method, splitTemplate } from '../../service/http/route-template.ts';

/** An endpoint template: `METHOD /path/{param}`, optionally `[TAG] METHOD /path (note)`. */
export type Endpoint = `${Method} /${string}` | `[${string}] ${Method} /${string}`;

/** The names of a template's `{params}`: `'PUT /a/{id}/b/{rid}'` → `'id' | 'rid'`. */
export type ParamNames<T extends string> = T extends `${string}{${infer Name}}${infer Rest}`
  ? Name | ParamNames<Rest>
  : never;

/** Request options of one call: the template's params (all of them), no `name` (the template is the name). */
export type CallOptions<T extends Endpoint> = Omit<RequestOptions, 'name'> &
  ([ParamNames<T>] extends [never] ? { params?: undefined } : { params: Record<ParamNames<T>, string> });

/** A template's parts: method, the path with its params filled in, and the statistics name. */
export interface ResolvedEndpoint {
  method: Method;
  path: string;
  name: string;
}

/** A template that is not `[TAG] METHOD /path (note)`, or a `{param}` without a value. */
export class EndpointTemplateError extends Error {
  readonly code = 'SUITE_ENDPOINT_TEMPLATE';
}

/** A template taken apart once: its method, and its path as the text around each `{param}`. */
interface ParsedTemplate {
  method: Method;
  /** The path split at its params: `pieces[0] + value(params[0]) + pieces[1] + …`. */
  pieces: string[];
  params: string[];
}

/**
 * Templates already taken apart: a suite names a few dozen endpoints, each called thousands
 * of times, and parsing one costs two regular expressions, a closure and a copy per call.
 * Bounded, in case a suite builds templates with values inside (each would be new).
 */
const parsed = new Map<string, ParsedTemplate>();
const MAX_PARSED = 1_000;

function parseTemplate(template: string): ParsedTemplate | undefined {
  const known = parsed.get(template);
  if (known !== undefined) return known;
  const parts = splitTemplate(template);
  if (!parts) return undefined;
  const params: string[] = [];
  // A NUL marks where each param goes: a template is code, never a path with a NUL in it.
  const marked = fillParams(parts.path, (param) => {
    params.push(param);
    return '\0';
  });
  if (marked === undefined) return undefined;
  const entry = { method: parts.method, pieces: marked.split('\0'), params };
  if (parsed.size < MAX_PARSED) parsed.set(template, entry);
  return entry;
}

/**
 * Splits a template into method, filled-in path and name; each `{param}` becomes its
 * URL-encoded value.
 *
 * @example resolveEndpoint('PUT /orders/{id}/ship', { id: 'o-1' })
 * // { method: 'PUT', path: '/orders/o-1/ship', name: 'PUT /orders/{id}/ship' }
 */
export function resolveEndpoint(
  template: string,
  params: Readonly<Record<string, string>> = {},
): ResolvedEndpoint {
  const parts = parseTemplate(template);
  if (!parts) {
    throw new EndpointTemplateError(
      `endpoint "${template}" is not a template — write it as 'METHOD /path/{param}', e.g. 'PUT /orders/{id}/ship'`,
    );
  }
  const { pieces, params: names } = parts;
  let path = pieces[0];
  for (let i = 0; i < names.length; i++) {
    const value = params[names[i]];
    if (value === undefined || value === '') {
      throw new EndpointTemplateError(
        `endpoint "${template}" needs a value for {${names[i]}} — pass it as { params: { ${names[i]} } }`,
      );
    }
    path += encodeURIComponent(value) + pieces[i + 1];
  }
  return { method: parts.method, path, name: template };
}

/**
 * Sends one request to the endpoint a template names, recorded under the template.
 *
 * @example
 * await call(this.client, 'PUT /orders/{id}/ship', { params: { id: orderId }, json: body, expect: [200] });
 * // PUT /orders/<orderId>/ship, in the statistics as "PUT /orders/{id}/ship"
 */
export function call<T extends Endpoint>(
  client: HttpClient,
  template: T,
  ...[options]: [ParamNames<T>] extends [never] ? [CallOptions<T>?] : [CallOptions<T>]
): Promise<ClientResponse> {
  const { params, ...request } = (options ?? {}) as CallOptions<T>;
  const { method, path, name } = resolveEndpoint(template, params);
  return client.request(method, path, { ...request, name });
}
