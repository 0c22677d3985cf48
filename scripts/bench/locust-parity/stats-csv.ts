/**
 * Reads a `_stats.csv` as Locust writes it — and as our runner writes it, with the same
 * columns — into one row per request name, so the two generators compare column by column.
 */
import { readFileSync } from 'node:fs';

/** One request name's figures (the `Aggregated` row is the run's total). */
export interface StatsRow {
  name: string;
  count: number;
  failures: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Splits one CSV line, honouring double quotes (a name may be quoted). */
function fields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

/** Rows keyed by request name; Locust writes `N/A` for a percentile it has no sample for. */
export function readStatsCsv(path: string): Map<string, StatsRow> {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const columns = fields(header);
  const column = (name: string): number => {
    const at = columns.indexOf(name);
    if (at < 0) throw new Error(`${path}: no "${name}" column (columns: ${columns.join(', ')})`);
    return at;
  };
  const at = {
    name: column('Name'),
    count: column('Request Count'),
    failures: column('Failure Count'),
    rps: column('Requests/s'),
    p50: column('50%'),
    p95: column('95%'),
    p99: column('99%'),
  };
  const number = (value: string | undefined): number => (value === undefined ? Number.NaN : Number(value));
  const rows = new Map<string, StatsRow>();
  for (const line of lines) {
    const f = fields(line);
    rows.set(f[at.name], {
      name: f[at.name],
      count: number(f[at.count]),
      failures: number(f[at.failures]),
      rps: number(f[at.rps]),
      p50: number(f[at.p50]),
      p95: number(f[at.p95]),
      p99: number(f[at.p99]),
    });
  }
  return rows;
}
