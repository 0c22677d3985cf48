import type { DocumentWriter, InlineProjection, RecordedEvent } from './types.ts';

/** Hands each projection the events it handles, in order; any throw aborts the append. */
export async function applyInlineProjections(
  projections: readonly InlineProjection[],
  events: readonly RecordedEvent[],
  documents: DocumentWriter,
): Promise<void> {
  for (const projection of projections) {
    const handled = events.filter((event) => projection.handles.includes(event.type));
    if (handled.length > 0) await projection.apply(handled, documents);
  }
}

/** Whether any projection cares about any of these event types (skips the transaction work otherwise). */
export function anyProjectionHandles(
  projections: readonly InlineProjection[],
  types: readonly string[],
): boolean {
  return projections.some((projection) => types.some((type) => projection.handles.includes(type)));
}
