/**
 * The grammar of an endpoint template, in one place for the service (which routes by it)
 * and the suite (which calls and names requests by it): `METHOD /path/{param}`, and for
 * the suite's statistics names an optional `[TAG] ` before and ` (note)` after.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** An endpoint as API.md and the suite name it: method, space, path with `{param}` placeholders. */
export type RouteTemplate = `${HttpMethod} /${string}`;

const TEMPLATE = /^(\[[^\]]+\] )?(GET|POST|PUT|PATCH|DELETE) (\/\S*)( \([^)]*\))?$/;
const PARAM = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** A template's parts; `tagged` when it has a `[TAG]` or a `(note)`, which only names may carry. */
export interface TemplateParts {
  method: HttpMethod;
  path: string;
  tagged: boolean;
}

/**
 * @example splitTemplate('[FLASH] POST /inventory/{id}/reserve') // { method: 'POST', path: '/inventory/{id}/reserve', tagged: true }
 */
export function splitTemplate(template: string): TemplateParts | undefined {
  const match = TEMPLATE.exec(template);
  if (!match) return undefined;
  return { method: match[2] as HttpMethod, path: match[3], tagged: Boolean(match[1] || match[4]) };
}

/**
 * The path with each `{param}` replaced by `fill(name)`; undefined when a brace is left that
 * is not a well-formed `{param}`.
 * @example fillParams('/orders/{id}/ship', (name) => `:${name}`) // '/orders/:id/ship'
 */
export function fillParams(path: string, fill: (name: string) => string): string | undefined {
  if (/[{}]/.test(path.replace(PARAM, ''))) return undefined;
  return path.replace(PARAM, (_, name: string) => fill(name));
}
