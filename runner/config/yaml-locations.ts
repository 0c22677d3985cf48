/**
 * Finds where a field sits in a parsed YAML file, so every problem can name its line.
 */
import { type Document, isMap, isSeq, type LineCounter, type Node } from 'yaml';

/** A path into the profile: object keys and array indexes (`['stages', 0, 'duration']`). */
export type FieldPath = readonly (string | number)[];

/**
 * Line (1-based) of the field at `path`: its value, or its key when `atKey` (an unknown
 * field) or when the value is empty. Falls back to the closest enclosing node that exists.
 */
export function lineOf(document: Document, lineCounter: LineCounter, path: FieldPath, atKey = false): number {
  let node: unknown = document.contents;
  let line = startLine(node, lineCounter) ?? 1;
  for (const segment of path) {
    let key: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => String(scalarValue(item.key)) === String(segment));
      key = pair?.key;
      node = pair?.value;
    } else if (isSeq(node)) {
      node = node.items[Number(segment)];
    } else {
      node = undefined;
    }
    if (node === undefined && key === undefined) break;
    const keyLine = startLine(key, lineCounter);
    const valueLine = startLine(node, lineCounter);
    line = (atKey ? keyLine : undefined) ?? valueLine ?? keyLine ?? line;
  }
  return line;
}

/** `stages[0].duration`, `user_classes.FlashSaleUser` — how the messages name a field. */
export function fieldName(path: FieldPath): string {
  let name = '';
  for (const segment of path) {
    name += typeof segment === 'number' ? `[${segment}]` : name === '' ? segment : `.${segment}`;
  }
  return name;
}

function scalarValue(key: unknown): unknown {
  return key !== null && typeof key === 'object' && 'value' in key ? key.value : key;
}

function startLine(node: unknown, lineCounter: LineCounter): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? lineCounter.linePos(range[0]).line : undefined;
}
