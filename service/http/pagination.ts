import type { Context } from 'hono';
import { SchemaError } from '../errors.ts';

export interface Page {
  page: number;
  page_size: number;
}

export const MAX_PAGE_SIZE = 100;

function intParam(c: Context, name: string, fallback: number, min: number, max: number): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return fallback;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value)) {
    throw new SchemaError([
      { loc: ['query', name], msg: 'Input should be a valid integer', type: 'int_parsing' },
    ]);
  }
  if (value < min) {
    throw new SchemaError([
      {
        loc: ['query', name],
        msg: `Input should be greater than or equal to ${min}`,
        type: 'greater_than_equal',
      },
    ]);
  }
  if (value > max) {
    throw new SchemaError([
      { loc: ['query', name], msg: `Input should be less than or equal to ${max}`, type: 'less_than_equal' },
    ]);
  }
  return value;
}

/**
 * `page` (≥1, default 1) and `page_size` (1–100, default 20) from the query string; anything
 * else is a 422 naming the parameter, as FastAPI answers.
 */
export function pageOf(c: Context): Page {
  return {
    page: intParam(c, 'page', 1, 1, 1_000_000),
    page_size: intParam(c, 'page_size', 20, 1, MAX_PAGE_SIZE),
  };
}

/** A query parameter that must be one of `allowed` when present. */
export function enumParam<T extends string>(c: Context, name: string, allowed: readonly T[]): T | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    const list = allowed.map((a) => `'${a}'`).join(', ');
    throw new SchemaError([{ loc: ['query', name], msg: `Input should be one of ${list}`, type: 'enum' }]);
  }
  return raw as T;
}

/**
 * The list envelope of every paged endpoint.
 *
 * @example
 * return c.json(pageBody(items, total, page)); // {items,total,page,page_size,total_pages,has_next,has_prev}
 */
export function pageBody<T>(items: T[], total: number, { page, page_size }: Page) {
  const totalPages = Math.ceil(total / page_size);
  return {
    items,
    total,
    page,
    page_size,
    total_pages: totalPages,
    has_next: page < totalPages,
    has_prev: page > 1,
  };
}
