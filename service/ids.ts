import { createHash } from 'node:crypto';
import { NotFoundError } from './errors.ts';

/** Our namespace for name-based ids (a random v4, fixed forever: changing it re-keys every derived id). */
const NAMESPACE = Buffer.from('6f1c2b7e8d3a4c5b9e0f1a2b3c4d5e6f', 'hex');

/**
 * A UUID v5 (RFC 9562, SHA-1, name-based) for `kind` + `name`: the same name always gives the
 * same id, so a create keyed by an idempotency key or an external id lands on one stream and
 * the event store's `no_stream` check settles any race between concurrent creates.
 *
 * @example
 * nameBasedId('payment', 'idem-123'); // same uuid on every call and every instance
 */
export function nameBasedId(kind: string, name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(`${kind}:${name}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The stream of an entity named in a URL. Ids are opaque, but anything that cannot be one of
 * ours (too long, odd characters) is answered 404 at once instead of reaching the database.
 *
 * @example
 * streamIdOf('Customer', c.req.param('id'), 'Customer'); // 'Customer-<id>' or NotFoundError
 */
export function streamIdOf(aggregate: string, id: string, what = aggregate): string {
  if (!ID.test(id)) throw new NotFoundError(`${what} not found`);
  return `${aggregate}-${id}`;
}
