import { pathToFileURL } from 'node:url';
import { isLoadShapeClass, type LoadShapeClass } from '../api/load-shape.ts';
import { RunnerError } from '../errors.ts';
import { moduleFiles } from './module-files.ts';

/** A `LoadShape` class a users module exports. */
export interface DiscoveredShape {
  name: string;
  shapeClass: LoadShapeClass;
}

/**
 * The `LoadShape` classes the users modules (files or folders) export. The user-class
 * discovery has imported them already; importing them again costs nothing.
 * @example const shapes = await discoverShapes(['users/']);
 */
export async function discoverShapes(paths: readonly string[]): Promise<DiscoveredShape[]> {
  const shapes: DiscoveredShape[] = [];
  for (const file of (await moduleFiles(paths)).files) {
    const exports: Record<string, unknown> = await import(pathToFileURL(file).href);
    for (const value of Object.values(exports)) {
      if (isLoadShapeClass(value) && !shapes.some((shape) => shape.shapeClass === value)) {
        shapes.push({ name: value.name, shapeClass: value });
      }
    }
  }
  return shapes;
}

/**
 * The shape the run follows: the one named (`--shape`, `shape:`), else the only one exported
 * (as Locust does), else none. A name that matches nothing, or several shapes with none
 * named, is one clear error.
 * @example pickShape(shapes, 'StepUp')?.name // 'StepUp'
 */
export function pickShape(
  shapes: readonly DiscoveredShape[],
  name: string | undefined,
): DiscoveredShape | undefined {
  const names = shapes.map((shape) => shape.name).join(', ');
  if (name !== undefined) {
    const found = shapes.find((shape) => shape.name === name);
    if (found) return found;
    throw new RunnerError(`load shape ${name} not found`, {
      code: 'SHAPE_NOT_FOUND',
      where: '--shape',
      hint:
        shapes.length > 0
          ? `the users modules export: ${names}`
          : 'export a class extending LoadShape from a users module',
    });
  }
  if (shapes.length <= 1) return shapes[0];
  throw new RunnerError(`the users modules export ${shapes.length} load shapes (${names})`, {
    code: 'SHAPE_AMBIGUOUS',
    where: '--shape',
    hint: "pick one with --shape NAME or a profile's shape:",
  });
}
