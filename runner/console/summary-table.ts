/**
 * The final summary printed when a run ends, laid out like Locust's: requests per
 * endpoint with an Aggregated row, response-time percentiles, then journeys (with
 * interrupts and race outcomes), the error report (failed requests) and the exceptions
 * (errors thrown by journey code, which fail the run as much as failed requests do).
 */
import { errorSite } from './error-site.ts';
import { formatFailures, formatMs, formatRate } from './format.ts';
import { CELL_WIDTH, type Column, renderTable } from './table.ts';
import { type EndpointRow, PERCENTILES, percentileMs, type SummaryView } from './view.ts';

const NAME: Column = { header: 'Name', maxWidth: 60 };
/** The journeys table's outcomes: a race journey over many waves has dozens. */
const OUTCOMES_WIDTH = 60;

const REQUEST_COLUMNS: Column[] = [
  { header: 'Type' },
  NAME,
  { header: '# reqs', align: 'right', group: true },
  { header: '# fails', align: 'right' },
  { header: 'Avg', align: 'right', group: true },
  { header: 'Min', align: 'right' },
  { header: 'Max', align: 'right' },
  { header: 'Med', align: 'right' },
  { header: 'req/s', align: 'right', group: true },
  { header: 'failures/s', align: 'right' },
];

const PERCENTILE_COLUMNS: Column[] = [
  { header: 'Type' },
  NAME,
  ...PERCENTILES.map((p, index) => ({
    header: `${p}%`,
    align: 'right' as const,
    group: index === 0,
  })),
  { header: '# reqs', align: 'right', group: true },
];

/**
 * @example for (const line of summaryTable(view)) console.log(line);
 */
export function summaryTable(view: SummaryView): string[] {
  const aggregated: EndpointRow = { ...view.totals, method: '', name: 'Aggregated' };
  const lines = [
    ...renderTable(REQUEST_COLUMNS, [...view.endpoints.map(requestRow), null, requestRow(aggregated)]),
    '',
    'Response time percentiles (ms)',
    ...renderTable(PERCENTILE_COLUMNS, [
      ...view.endpoints.map(percentileRow),
      null,
      percentileRow(aggregated),
    ]),
  ];
  if (view.journeys.length > 0) {
    const rows = view.journeys.map((journey) => [
      journey.name,
      String(journey.count),
      formatFailures(journey.interrupts, journey.count),
      formatMs(percentileMs(journey, 50)),
      formatMs(percentileMs(journey, 95)),
      formatMs(journey.completed > 0 ? journey.avgActiveMs : undefined),
      Object.entries(journey.outcomes)
        .map(([outcome, count]) => `${outcome} ${count}`)
        .join(', '),
    ]);
    const columns: Column[] = [
      { header: 'Journey', maxWidth: 60 },
      { header: '# runs', align: 'right', group: true },
      { header: '# interrupts', align: 'right' },
      { header: 'Med', align: 'right', group: true },
      { header: '95%', align: 'right' },
      // The mean time in steps: the journey's duration less the think time between them.
      { header: 'Active', align: 'right' },
      { header: 'Outcomes', group: true, maxWidth: OUTCOMES_WIDTH },
    ];
    lines.push('', ...renderTable(columns, rows));
    if (rows.some((row) => row[6].length > OUTCOMES_WIDTH))
      lines.push(
        `(outcomes cut to ${OUTCOMES_WIDTH} characters: every one is in _journeys.csv and the report)`,
      );
  }
  if (view.arrivals) lines.push('', ...arrivalLines(view.arrivals));
  if (view.failures.length > 0) {
    const rows = view.failures.map((failure) => [
      String(failure.occurrences),
      `${failure.method} ${failure.name}: ${failure.error}`,
    ]);
    lines.push(
      '',
      'Error report',
      ...renderTable(
        [
          { header: '# occurrences', align: 'right' },
          { header: 'Error', group: true },
        ],
        rows,
      ),
    );
    if (rows.some((row) => row[1].length > CELL_WIDTH))
      lines.push(
        `(errors cut to ${CELL_WIDTH} characters: the full text is in _failures.csv and the report)`,
      );
  }
  if (view.exceptions && view.exceptions.length > 0) lines.push('', ...exceptionLines(view.exceptions));
  return lines;
}

/** Locust's exceptions table: how often, the message, and where (step and source line). */
function exceptionLines(exceptions: NonNullable<SummaryView['exceptions']>): string[] {
  const total = exceptions.reduce((sum, exception) => sum + exception.count, 0);
  return [
    `Exceptions (${total} raised by user code; details in _exceptions.csv)`,
    ...renderTable(
      [
        { header: '# occurrences', align: 'right' },
        { header: 'Message', group: true, maxWidth: 80 },
        { header: 'Where', group: true },
      ],
      exceptions.map((exception) => [
        String(exception.count),
        exception.message.split('\n')[0],
        errorSite(exception.nodes, exception.traceback),
      ]),
    ),
  ];
}

/** The open model: arrivals due, started and dropped, and how late they started. */
function arrivalLines(arrivals: NonNullable<SummaryView['arrivals']>): string[] {
  const { startLag } = arrivals;
  return [
    `Arrivals (open model): ${arrivals.scheduled} due · ${arrivals.started} started · ` +
      `${formatFailures(arrivals.dropped, arrivals.scheduled)} dropped (no free user) · ` +
      `${formatRate(arrivals.startedPerSecond)} started/s · users created ${arrivals.usersCreated}`,
    ...renderTable(
      [
        { header: 'Start lag (ms)' },
        ...PERCENTILES.map((p, index) => ({ header: `${p}%`, align: 'right' as const, group: index === 0 })),
      ],
      [['intended → actual start', ...PERCENTILES.map((p) => formatMs(percentileMs(startLag, p)))]],
    ),
  ];
}

function requestRow(endpoint: EndpointRow): string[] {
  return [
    endpoint.method,
    endpoint.name,
    String(endpoint.requests),
    formatFailures(endpoint.failures, endpoint.requests),
    formatMs(endpoint.avgMs),
    formatMs(endpoint.minMs),
    formatMs(endpoint.maxMs),
    formatMs(endpoint.medianMs),
    formatRate(endpoint.rps),
    formatRate(endpoint.failuresPerSecond),
  ];
}

function percentileRow(endpoint: EndpointRow): string[] {
  return [
    endpoint.method,
    endpoint.name,
    ...PERCENTILES.map((p) => formatMs(percentileMs(endpoint, p))),
    String(endpoint.requests),
  ];
}
