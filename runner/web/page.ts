/**
 * The web UI's one page, laid out as Locust's: a header of labelled figures and the controls,
 * the New test form, and the tabs — Statistics, Charts, Failures, Exceptions, Current ratio,
 * Journeys, Pipeline, Download Data, Logs. Its script and styles (ours, the report's and
 * uPlot's) are files this server serves (`pageAsset`), not inline, so the page runs under a
 * Content-Security-Policy of `'self'` only; it loads nothing from the network.
 */
import { readFileSync } from 'node:fs';
import { reportAssets } from '../report/html-assets.ts';
import { escapeHtml, scriptJson } from '../report/html-escape.ts';
import { htmlStart } from '../report/html-head.ts';
import { DOWNLOADS, type DownloadSuffix } from './downloads.ts';

/** What the form offers and starts from. */
export interface PageSettings {
  userClasses: { name: string; weight: number; fixedCount: number }[];
  profiles: string[];
  defaults: {
    profile: string;
    users: number;
    spawnRate: number;
    arrivalRate: number | null;
    maxUsers: number | null;
    host: string;
    runTime: string;
    tags: string[];
    userClasses: string[];
  };
  version: string;
}

/** The page's policy: its own files and feed, nothing inline, nothing else. */
export const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'";

export interface PageAsset {
  type: string;
  body: string;
}

let assets: Map<string, PageAsset> | undefined;

/** A file the page loads (`assets/<name>`), or undefined. Read once per process. */
export function pageAsset(name: string): PageAsset | undefined {
  if (!assets) {
    const report = reportAssets();
    const own = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');
    const js = 'text/javascript; charset=utf-8';
    const css = 'text/css; charset=utf-8';
    assets = new Map([
      ['uplot.css', { type: css, body: report.uplotCss }],
      ['report.css', { type: css, body: report.css }],
      ['web.css', { type: css, body: own('./web.css') }],
      ['uplot.js', { type: js, body: report.uplotJs }],
      ['charts.js', { type: js, body: report.chartsJs }],
      ['web-tables.js', { type: js, body: own('./web-tables.client.js') }],
      ['web-pipeline.js', { type: js, body: own('./web-pipeline.client.js') }],
      ['web.js', { type: js, body: own('./web.client.js') }],
    ]);
  }
  return assets.get(name);
}

/** What each download is, in Locust's words where Locust has the file. */
const DOWNLOAD_LABELS: Record<DownloadSuffix, string> = {
  '_stats.csv': 'Request statistics CSV',
  '_stats_history.csv': 'Statistics history CSV (a row a second)',
  '_failures.csv': 'Failures CSV',
  '_exceptions.csv': 'Exceptions CSV',
  '_journeys.csv': 'Journeys CSV',
  '_summary.json': 'Summary JSON (verdict, thresholds, invariants)',
  '_report.html': 'HTML report',
};

const TABS = [
  ['statistics', 'Statistics'],
  ['charts', 'Charts'],
  ['failures', 'Failures'],
  ['exceptions', 'Exceptions'],
  ['ratio', 'Current ratio'],
  ['journeys', 'Journeys'],
  ['pipeline', 'Pipeline'],
  ['download', 'Download Data'],
  ['logs', 'Logs'],
] as const;

const STATS_COLUMNS = [
  'Type',
  'Name',
  '# Requests',
  '# Fails',
  'Median (ms)',
  '95%ile (ms)',
  '99%ile (ms)',
  'Average (ms)',
  'Min (ms)',
  'Max (ms)',
  'Average size (bytes)',
  'Current RPS',
  'Current Failures/s',
];

const head = (columns: readonly string[], numericFrom = 1) =>
  `<thead><tr>${columns
    .map((c, i) => `<th scope="col"${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(c)}</th>`)
    .join('')}</tr></thead>`;

/**
 * A table inside its own horizontal scroller: a wide table scrolls there, never the page.
 * A sortable one sorts by a column when its header is clicked, as Locust's tables do.
 */
const table = (id: string, columns: readonly string[], numericFrom = 1, label = '', sortable = false) =>
  `<div class="table-wrap" id="${id}-wrap"><table id="${id}"${label ? ` aria-label="${escapeHtml(label)}"` : ''}${sortable ? ' data-sortable' : ''}>${head(columns, numericFrom)}<tbody></tbody></table></div>`;

export function renderPage(settings: PageSettings): string {
  const downloads = DOWNLOADS.map(
    (suffix) =>
      `<li><a href="download/${suffix.slice(1)}" download>${escapeHtml(DOWNLOAD_LABELS[suffix])}</a> <span class="muted">(${escapeHtml(suffix.slice(1))})</span></li>`,
  ).join('');
  const chart = (id: string, heading: string) =>
    `<section class="chart"><h3>${heading}</h3><div id="${id}"></div></section>`;
  const figure = (id: string, label: string, value = '-') =>
    `<div class="figure"><span class="label">${label}</span> <span class="value" id="${id}">${value}</span></div>`;
  const tabs = TABS.map(
    ([id, label], i) =>
      `<button type="button" role="tab" id="tab-button-${id}" aria-controls="tab-${id}" aria-selected="${i === 0}" data-tab="${id}">${label}</button>`,
  ).join('\n');
  const panel = (id: string, body: string) =>
    `<section id="tab-${id}" class="tab" role="tabpanel" aria-labelledby="tab-button-${id}"${id === 'statistics' ? '' : ' hidden'}>\n${body}\n</section>`;
  const stylesheets = ['uplot', 'report', 'web'].map(
    (name) => `<link rel="stylesheet" href="assets/${name}.css">`,
  );
  return `${htmlStart({ title: 'journeys', policy: PAGE_POLICY, head: stylesheets.join('\n') })}
<body>
<header class="bar">
<strong class="brand">journeys</strong>
<div class="figures">
${figure('host-now', 'Host')}
<div class="figure"><span class="label">Status</span> <span id="state" class="state value" role="status" aria-live="polite">ready</span></div>
${figure('users-now', 'Users', '0')}
${figure('rps-now', 'RPS', '0')}
${figure('failures-now', 'Failures', '0%')}
${figure('elapsed-now', 'Elapsed')}
<div class="figure" hidden><span class="label">Limit</span> <span class="value" id="limit-now">-</span></div>
</div>
<div class="controls">
<button type="button" id="edit-open" hidden>Edit</button>
<button type="button" id="stop" hidden>Stop</button>
<button type="button" id="reset" hidden>Reset statistics</button>
<button type="button" id="new-test" hidden>New test</button>
</div>
</header>
<main>
<p id="error" class="warning" hidden role="alert"></p>
<form id="start-form" class="panel" aria-labelledby="start-heading">
<h2 id="start-heading">New test</h2>
<fieldset><legend>User classes (weight)</legend><div id="classes" class="classes"></div></fieldset>
<div class="fields">
<label>Profile <select name="profile" id="profile"></select></label>
<label>Users <input name="users" type="number" min="0" step="1" required></label>
<label>Spawn rate (users/s) <input name="spawnRate" type="number" min="0" step="any"></label>
<label>Arrival rate (journeys/s, open model) <input name="arrivalRate" type="number" min="0" step="any" placeholder="closed model"></label>
<label>Max users (open model) <input name="maxUsers" type="number" min="1" step="1"></label>
<label>Host <input name="host" type="text" placeholder="empty = the embedded service"></label>
<label>Run time <input name="runTime" type="text" placeholder="e.g. 5m; empty = until Stop"></label>
<label>Tags <input name="tags" type="text" placeholder="comma-separated"></label>
</div>
<button type="submit" id="start" class="primary">Start</button>
</form>
<form id="edit-form" class="panel" hidden aria-labelledby="edit-heading">
<h2 id="edit-heading">Edit the running test</h2>
<div class="fields">
<label data-model="closed">Users <input name="users" type="number" min="0" step="1"></label>
<label data-model="closed">Spawn rate (users/s) <input name="spawnRate" type="number" min="0" step="any"></label>
<label data-model="open">Arrival rate (journeys/s) <input name="arrivalRate" type="number" min="0" step="any"></label>
</div>
<button type="submit" id="edit-apply" class="primary">Apply</button>
<button type="button" id="edit-cancel">Cancel</button>
</form>
<nav class="tabs" role="tablist" aria-label="Views">
${tabs}
</nav>
${panel(
  'statistics',
  `<div id="warnings"></div>
<div id="workers"></div>
<div id="verdict"></div>
<h2>Request statistics</h2>
${table('stats', STATS_COLUMNS, 2, 'Request statistics', true)}
<h3>Thresholds</h3>
${table('thresholds', ['Threshold', 'Now', 'Measured'], 3)}`,
)}
${panel(
  'charts',
  `<div class="charts">
${chart('chart-rps', 'Requests/s and failures/s')}
${chart('chart-latency', 'Response times (ms): p50, p95, p99')}
${chart('chart-users', 'Users')}
</div>`,
)}
${panel('failures', `<h2>Failures</h2>\n${table('failures', ['Method', 'Name', 'Error', 'Occurrences'], 3, 'Failures', true)}`)}
${panel('exceptions', `<h2>Exceptions</h2>\n${table('exceptions', ['Count', 'Message', 'Step and source line'], 3)}`)}
${panel(
  'ratio',
  `<h2>Current ratio</h2>
<p class="note" id="ratio-note">Each user class's share and each journey's share, as configured (weights, fixed counts, tags) beside what runs.</p>
<h3>Per user class and journey</h3>
${table('ratio-classes', ['User class / journey', 'Weight', 'Share of its class', 'Share of the total', 'Users configured', 'Users running'], 1)}
<h3>Journeys run, configured against measured</h3>
${table('ratio-totals', ['Journey', 'Configured share', 'Journeys run', 'Measured share'], 1)}`,
)}
${panel(
  'journeys',
  `<h2>Journeys</h2>\n${table('journeys', ['Journey', 'Count', 'Completed', 'Interrupts', 'Median (ms)', '95%ile (ms)', '99%ile (ms)', 'Max (ms)', 'Outcomes', 'Top interrupting step'], 1, 'Journeys', true)}`,
)}
${panel(
  'pipeline',
  `<p class="note" id="pipeline-source">The target's /metrics, scraped each second.</p>
<div class="charts" id="pipeline-charts">${chart('pipeline-load', 'Load: requests/s')}</div>`,
)}
${panel(
  'download',
  `<h2>Download Data</h2>
<p class="note">The current run's files as the run will write them, or the last run's files from its results folder (<span id="results-prefix">none yet</span>).</p>
<ul class="downloads">${downloads}</ul>`,
)}
${panel(
  'logs',
  `<h2>Logs</h2>
<p class="note">What the runs of this process print, as they print it.</p>
<ol id="logs" class="log" aria-live="off"></ol>`,
)}
</main>
<script type="application/json" id="web-settings">${scriptJson(settings)}</script>
<script src="assets/uplot.js"></script>
<script src="assets/charts.js"></script>
<script src="assets/web-tables.js"></script>
<script src="assets/web-pipeline.js"></script>
<script src="assets/web.js"></script>
</body>
</html>
`;
}
