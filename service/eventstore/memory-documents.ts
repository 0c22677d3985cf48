import { jsonContains } from './containment.ts';
import type { DocumentReader, DocumentWriter, JsonObject } from './types.ts';

type Collection = Map<string, JsonObject>;

/**
 * The memory backend's read models. Documents are cloned in and out, as a database would,
 * so a caller that edits what it got does not edit the store.
 */
export class MemoryDocuments implements DocumentReader {
  readonly #collections = new Map<string, Collection>();

  async get<T extends JsonObject>(collection: string, id: string): Promise<T | undefined> {
    const doc = this.#collections.get(collection)?.get(id);
    return doc === undefined ? undefined : (structuredClone(doc) as T);
  }

  async find<T extends JsonObject>(
    collection: string,
    filter?: JsonObject,
    page?: { offset: number; limit: number },
  ): Promise<{ items: T[]; total: number }> {
    return findIn<T>(this.#collections.get(collection) ?? new Map(), filter, page);
  }

  /** Documents in every collection. */
  count(): number {
    let total = 0;
    for (const docs of this.#collections.values()) total += docs.size;
    return total;
  }

  clear(): void {
    this.#collections.clear();
  }

  /** A writer whose changes stay private until `commit()` (the append's transaction). */
  begin(): { writer: DocumentWriter; commit(): void } {
    const pending = new Map<string, Map<string, JsonObject | null>>();
    const view = (collection: string): Collection => {
      const merged = new Map(this.#collections.get(collection));
      for (const [id, doc] of pending.get(collection) ?? []) {
        if (doc === null) merged.delete(id);
        else merged.set(id, doc);
      }
      return merged;
    };
    const stage = (collection: string, id: string, doc: JsonObject | null) => {
      entryOf(pending, collection).set(id, doc);
    };
    const writer: DocumentWriter = {
      get: async <T extends JsonObject>(collection: string, id: string) => {
        const doc = view(collection).get(id);
        return doc === undefined ? undefined : (structuredClone(doc) as T);
      },
      find: async <T extends JsonObject>(
        collection: string,
        filter?: JsonObject,
        page?: { offset: number; limit: number },
      ) => findIn<T>(view(collection), filter, page),
      put: async (collection, id, doc) => stage(collection, id, structuredClone(doc)),
      delete: async (collection, id) => stage(collection, id, null),
    };
    const commit = () => {
      for (const [collection, changes] of pending) {
        const docs = entryOf(this.#collections, collection);
        for (const [id, doc] of changes) {
          if (doc === null) docs.delete(id);
          else docs.set(id, doc);
        }
      }
    };
    return { writer, commit };
  }
}

function findIn<T extends JsonObject>(
  docs: Collection,
  filter: JsonObject | undefined,
  page: { offset: number; limit: number } | undefined,
): { items: T[]; total: number } {
  const ids = [...docs.keys()].sort(compareIds);
  const matching = filter ? ids.filter((id) => jsonContains(docs.get(id), filter)) : ids;
  const slice = page ? matching.slice(page.offset, page.offset + page.limit) : matching;
  return { items: slice.map((id) => structuredClone(docs.get(id)) as T), total: matching.length };
}

/** Byte order, like PostgreSQL's "C" collation on the text ids. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function entryOf<V>(maps: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let map = maps.get(key);
  if (!map) {
    map = new Map();
    maps.set(key, map);
  }
  return map;
}
