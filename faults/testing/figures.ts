/**
 * Test support: one line per fault test with its figures (tries, held, lost, and what else it
 * measured), printed so a CI log carries the numbers docs/faults.md quotes.
 *
 * @example
 * reportFigures('kill -9 on PGlite', { tries: 3, held: 412, lost: 0 });
 */
export function reportFigures(fault: string, figures: Record<string, number | string>): void {
  const text = Object.entries(figures)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  process.stdout.write(`fault figures: ${fault}: ${text}\n`);
}
