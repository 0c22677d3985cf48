/** The HTML report and JUnit XML as text: hostile names stay inert, the data block parses, cases count. */
import { describe, expect, it } from 'vitest';
import { StatsRecorder } from '../stats/recorder.ts';
import { RunStats } from '../stats/run-stats.ts';
import { renderHtmlReport } from './html.ts';
import { junitXml, runJUnitCases } from './junit.ts';

const hostile = '</script><script>alert(1)</script><!--';

function statsWithHostileName(): RunStats {
  const recorder = new StatsRecorder();
  recorder.request('GET', hostile, 12, 10);
  recorder.request('GET', hostile, 30, 10, `HTTP 500: ${hostile}`);
  const stats = new RunStats({ startedAt: 1_700_000_000_000 });
  const snapshot = recorder.takeSnapshot();
  snapshot.takenAt = 1_700_000_001_000;
  stats.merge(snapshot);
  stats.tick(1_700_000_001_000, 1);
  stats.end(1_700_000_001_500);
  return stats;
}

describe('renderHtmlReport', () => {
  it('escapes names and errors everywhere, and its JSON block parses back', () => {
    const html = renderHtmlReport({ stats: statsWithHostileName(), summary: { run: { profile: 'x' } } });
    expect(html).not.toContain('<script>alert(1)');
    expect(html.match(/<\/script>/g)).toHaveLength(3); // the data block, uPlot, the charts
    const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1];
    const data = JSON.parse(json);
    expect(data.summary.endpoints[0].name).toBe(hostile);
    expect(data.series.time).toEqual([1_700_000_001]);
    expect(data.series.windowSeconds).toBe(10);
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)');
    expect(html).not.toMatch(/<(link|img|iframe)[^>]+(src|href)="https?:/);
  });

  it('shows FAIL with the failed threshold, and the suspect warning', () => {
    const html = renderHtmlReport({
      stats: statsWithHostileName(),
      summary: {
        thresholds: [{ expression: 'p95<10', pass: false, actual: 30, unit: 'ms' }],
        selfCheck: { suspect: true, reasons: ['runner CPU above 90% of 2 core(s) for 3+ s'] },
        exitCode: 1,
      },
    });
    expect(html).toContain('id="outcome">FAIL');
    expect(html).toContain('<td class="fail">FAIL</td><td>30 ms</td>');
    expect(html).toContain('runner CPU above 90% of 2 core(s) for 3+ s');
  });

  it('shows the open model: arrivals, drops and start lag, only for an open-model run', () => {
    expect(renderHtmlReport({ stats: statsWithHostileName() })).not.toContain('Arrivals (open model)');
    const recorder = new StatsRecorder();
    for (let i = 1; i <= 9; i++) recorder.arrivalStarted(1_700_000_000, i);
    recorder.arrivalDropped(1_700_000_000);
    const stats = new RunStats({ startedAt: 1_700_000_000_000 });
    stats.merge(recorder.takeSnapshot());
    stats.end(1_700_000_001_000);
    const html = renderHtmlReport({
      stats,
      summary: { run: { loadModel: 'open', arrivalRate: 10, maxUsers: 100 } },
    });
    expect(html).toContain('<a href="#arrivals-section">Arrivals</a>');
    expect(html).toContain('<dt>Arrival rate</dt><dd>10/s</dd>');
    expect(html).toMatch(
      /<table id="arrivals">.*<td class="num">10<\/td><td class="num">9<\/td><td class="num">1<\/td><td class="num">10\.00%<\/td>/s,
    );
    expect(html).toMatch(/<table id="start-lag">.*<td>Start lag<\/td><td class="num">5<\/td>/s);
  });
});

describe('per-endpoint chart', () => {
  it('is drawn from a full history only, aligned with the Aggregated rows', () => {
    const recorder = new StatsRecorder();
    const stats = new RunStats({ startedAt: 1_700_000_000_000, fullHistory: true });
    for (let second = 1; second <= 3; second++) {
      recorder.request('GET', '/a', 10 * second, 1);
      if (second > 1) recorder.request('GET', '/b', 100, 1);
      const snapshot = recorder.takeSnapshot();
      snapshot.takenAt = 1_700_000_000_000 + second * 1000;
      stats.merge(snapshot);
      stats.tick(snapshot.takenAt, 1);
    }
    const html = renderHtmlReport({ stats });
    const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1];
    const series = JSON.parse(json).series;
    expect(series.time).toHaveLength(3);
    expect(series.endpointP95.map((line: { label: string }) => line.label)).toEqual(['GET /a', 'GET /b']);
    expect(series.endpointP95[1].values).toEqual([null, 100, 100]);
    expect(html).toContain('id="chart-endpoints"');
    expect(renderHtmlReport({ stats: statsWithHostileName() })).not.toContain('id="chart-endpoints"');
  });
});

describe('junitXml', () => {
  it('one testcase per threshold and invariant, markup and control characters made safe', () => {
    const cases = runJUnitCases({
      thresholds: [
        { expression: 'p95<500ms', pass: true, actual: 12.5, unit: 'ms' },
        {
          expression: 'GET /a&b: fail_ratio<0.01',
          pass: false,
          actual: null,
          reason: 'no requests named "GET /a&b"',
        },
      ],
      invariants: [{ name: 'stock <never> negative', pass: false, message: 'item 7: -1\u0007' }],
    });
    const xml = junitXml('journeys smoke', cases, 12.3456);
    expect(xml).toContain(
      '<testsuite name="journeys smoke" tests="3" failures="2" errors="0" skipped="0" time="12.346">',
    );
    expect(xml).toContain('name="GET /a&amp;b: fail_ratio&lt;0.01"');
    expect(xml).toContain('<failure message="no requests named &quot;GET /a&amp;b&quot;"');
    expect(xml).toContain('name="stock &lt;never&gt; negative"');
    expect(xml).toContain('item 7: -1</failure>');
    expect(xml).toContain('<system-out>measured 12.5 ms</system-out>');
  });
});
