/** Reports: the HTML report, JUnit XML, render/merge/compare of saved results, the Prometheus endpoint. */
export { type CompareOptions, type Comparison, compareRuns, DEFAULT_COMPARE_OPTIONS } from './compare.ts';
export { comparisonCases, comparisonHtml, comparisonLines } from './compare-output.ts';
export { type HtmlReportInput, renderHtmlReport, reportSummary, writeHtmlReport } from './html.ts';
export { type JUnitCase, junitXml, runJUnitCases, writeJUnit } from './junit.ts';
export { type MergeOptions, mergeSavedRuns } from './merge-shards.ts';
export { type PrometheusExporter, startPrometheusExporter, statsRegistry } from './prometheus.ts';
export { renderSavedRun } from './render-saved.ts';
export { reportFile, reportWrites } from './report-files.ts';
export { loadSavedRun, resolvePrefix, type SavedRun } from './results-folder.ts';
