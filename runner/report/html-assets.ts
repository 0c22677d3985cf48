/** What the report inlines so it opens from a file with no network: uPlot's script and CSS, our CSS and chart script. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface ReportAssets {
  uplotJs: string;
  uplotCss: string;
  css: string;
  chartsJs: string;
}

let cached: ReportAssets | undefined;

/** Read once per process (a few tens of kilobytes). */
export function reportAssets(): ReportAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const uplot = (file: string) => readFileSync(require.resolve(`uplot/dist/${file}`), 'utf8');
  const own = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');
  cached = {
    uplotJs: uplot('uPlot.iife.min.js'),
    uplotCss: uplot('uPlot.min.css'),
    css: own('./report.css'),
    chartsJs: own('./charts.client.js'),
  };
  return cached;
}
