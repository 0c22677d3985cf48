/**
 * The web UI's one page: the report's CSS and chart code, uPlot and the page's own script
 * and styles, all inlined — it loads nothing from the network but its own feed and API.
 */
import { readFileSync } from 'node:fs';
import { reportAssets } from '../report/html-assets.ts';
import { escapeHtml, scriptJson, scriptText } from '../report/html-escape.ts';
import { DOWNLOADS } from './downloads.ts';

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

let own: { js: string; css: string } | undefined;

function pageAssets() {
  own ??= {
    js: readFileSync(new URL('./web.client.js', import.meta.url), 'utf8'),
    css: readFileSync(new URL('./web.css', import.meta.url), 'utf8'),
  };
  return own;
}

export function renderPage(settings: PageSettings): string {
  const report = reportAssets();
  const { js, css } = pageAssets();
  const downloads = DOWNLOADS.map(
    (suffix) =>
      `<a class="button" href="download/${suffix.slice(1)}" download>${escapeHtml(suffix.slice(1))}</a>`,
  ).join('');
  const chart = (id: string, heading: string) =>
    `<section class="chart"><h3>${heading}</h3><div id="${id}"></div></section>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'">
<title>journeys</title>
<style>${report.uplotCss}</style>
<style>${report.css}</style>
<style>${css}</style>
</head>
<body>
<header class="bar">
<strong>journeys</strong>
<span id="state" class="state" role="status" aria-live="polite">ready</span>
<span id="summary-line" class="muted"></span>
<span class="spacer"></span>
<button type="button" id="edit-open" hidden>Edit</button>
<button type="button" id="stop" hidden>Stop</button>
<button type="button" id="reset" hidden>Reset statistics</button>
<button type="button" id="new-test" hidden>New test</button>
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
<label>Users <input name="users" type="number" min="0" step="1"></label>
<label>Spawn rate (users/s) <input name="spawnRate" type="number" min="0" step="any"></label>
<label>Arrival rate (journeys/s) <input name="arrivalRate" type="number" min="0" step="any"></label>
</div>
<button type="submit" id="edit-apply" class="primary">Apply</button>
<button type="button" id="edit-cancel">Cancel</button>
</form>
<nav class="tabs" role="tablist">
<button type="button" role="tab" aria-selected="true" data-tab="statistics">Statistics</button>
<button type="button" role="tab" aria-selected="false" data-tab="charts">Charts</button>
<button type="button" role="tab" aria-selected="false" data-tab="failures">Failures</button>
<button type="button" role="tab" aria-selected="false" data-tab="journeys">Journeys</button>
<button type="button" role="tab" aria-selected="false" data-tab="pipeline">Pipeline</button>
<button type="button" role="tab" aria-selected="false" data-tab="download">Download</button>
</nav>
<section id="tab-statistics" class="tab" role="tabpanel">
<div id="warnings"></div>
<div id="verdict"></div>
<h2>Request statistics</h2>
<table id="stats"><thead><tr><th>Type</th><th>Name</th><th># Requests</th><th># Fails</th><th>Median (ms)</th><th>95%ile (ms)</th><th>99%ile (ms)</th><th>Average (ms)</th><th>Min (ms)</th><th>Max (ms)</th><th>Average size (bytes)</th><th>Current RPS</th><th>Current Failures/s</th></tr></thead><tbody></tbody></table>
<h3>Users per class</h3><table id="mix"><thead><tr><th>User class</th><th>Users</th></tr></thead><tbody></tbody></table>
<h3>Thresholds</h3><table id="thresholds"><thead><tr><th>Threshold</th><th>Now</th><th>Measured</th></tr></thead><tbody></tbody></table>
</section>
<section id="tab-charts" class="tab" role="tabpanel" hidden>
<div class="charts">
${chart('chart-rps', 'Requests/s and failures/s')}
${chart('chart-latency', 'Response times (ms): p50, p95, p99')}
${chart('chart-users', 'Users')}
</div>
</section>
<section id="tab-failures" class="tab" role="tabpanel" hidden>
<h2>Failures</h2>
<table id="failures"><thead><tr><th>Method</th><th>Name</th><th>Error</th><th>Occurrences</th></tr></thead><tbody></tbody></table>
<h2>Exceptions</h2>
<table id="exceptions"><thead><tr><th>Count</th><th>Message</th><th>Step and source line</th></tr></thead><tbody></tbody></table>
</section>
<section id="tab-journeys" class="tab" role="tabpanel" hidden>
<h2>Journeys</h2>
<table id="journeys"><thead><tr><th>Journey</th><th>Count</th><th>Completed</th><th>Interrupts</th><th>Median (ms)</th><th>95%ile (ms)</th><th>99%ile (ms)</th><th>Max (ms)</th><th>Outcomes</th><th>Top interrupting step</th></tr></thead><tbody></tbody></table>
</section>
<section id="tab-pipeline" class="tab" role="tabpanel" hidden>
<p class="note" id="pipeline-source">The target's /metrics, scraped each second.</p>
<div class="charts" id="pipeline-charts">${chart('pipeline-load', 'Load: requests/s')}</div>
</section>
<section id="tab-download" class="tab" role="tabpanel" hidden>
<p class="note">The current run's files as the run will write them, or the last run's files from its results folder (<span id="results-prefix">none yet</span>).</p>
<p class="downloads">${downloads}</p>
</section>
</main>
<script type="application/json" id="web-settings">${scriptJson(settings)}</script>
<script>${scriptText(report.uplotJs)}</script>
<script>${scriptText(report.chartsJs)}</script>
<script>${scriptText(js)}</script>
</body>
</html>
`;
}
