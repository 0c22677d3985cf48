// Runs in the browser after uPlot, in the HTML report and in the web UI (one copy for both):
// `window.journeysChartKit` makes the charts of a run's series; the report draws its own from
// the JSON in #report-data, the web UI appends a point a second. Plain ES2020, no imports:
// the report must open from a file with no network.
(() => {
  const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#9333ea', '#0891b2', '#be185d', '#4b5563'];
  const HEIGHT = 240;
  // Whole seconds and up: history rows are one per second, so sub-second ticks only confuse.
  const TIME_STEPS = [
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
  ];
  const widthOf = (el) => Math.max(300, Math.min(el.clientWidth || 900, 1400));

  /** The run's charts: rates, percentiles, users (and p95 per endpoint when the history has them). */
  const specs = (s) => {
    const windowNote = `current, last ${s.windowSeconds} s`;
    const list = [
      {
        id: 'chart-rps',
        unit: '/s',
        lines: [
          { label: `requests/s (${windowNote})`, stroke: '#2563eb', values: s.rps },
          { label: `failures/s (${windowNote})`, stroke: '#dc2626', values: s.failuresPerSecond },
        ],
      },
      {
        id: 'chart-latency',
        unit: 'ms',
        lines: [
          { label: `p50 (${windowNote})`, stroke: '#16a34a', values: s.p50 },
          { label: `p95 (${windowNote})`, stroke: '#d97706', values: s.p95 },
          { label: `p99 (${windowNote})`, stroke: '#9333ea', values: s.p99 },
        ],
      },
      { id: 'chart-users', unit: 'users', lines: [{ label: 'users', stroke: '#0f766e', values: s.users }] },
    ];
    for (const spec of list) spec.marks = s.marks;
    if (s.endpointP95) {
      list.push({
        id: 'chart-endpoints',
        unit: 'ms',
        marks: s.marks,
        lines: s.endpointP95.map((line, i) => ({
          label: `${line.label} p95`,
          stroke: PALETTE[i % PALETTE.length],
          values: line.values,
        })),
      });
    }
    return list;
  };

  const countPoints = (lines) =>
    lines.reduce((n, line) => n + line.values.filter((v) => v !== null).length, 0);

  /** One uPlot chart in `el`: `time` (epoch seconds) against each line of `spec`. */
  const make = (el, spec, time) => {
    const format = (v) => (v === null || v === undefined ? '-' : `${Math.round(v * 100) / 100} ${spec.unit}`);
    const options = {
      width: widthOf(el),
      height: HEIGHT,
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] } },
      series: [
        { label: 'time' },
        ...spec.lines.map((line, i) => ({
          label: line.label,
          stroke: line.stroke ?? PALETTE[i % PALETTE.length],
          ...(line.dash ? { dash: line.dash } : {}),
          width: 1.5,
          value: (_u, v) => format(v),
        })),
      ],
      axes: [{ incrs: TIME_STEPS }, { label: spec.unit, size: 64 }],
      legend: { live: true },
      hooks: { draw: [(u) => drawMarks(u, spec.marks ?? [])] },
    };
    const uplot = new uPlot(options, [time, ...spec.lines.map((line) => line.values)], el);
    return { id: spec.id, points: countPoints(spec.lines), uplot };
  };

  /** Vertical lines at marked moments (the limit search's steps): green held, red broke. */
  const drawMarks = (u, marks) => {
    const { ctx, bbox } = u;
    for (const mark of marks) {
      // A step that began before the first history row (the run's first second) is drawn at the left edge.
      const x = Math.min(bbox.left + bbox.width, Math.max(bbox.left + 1, u.valToPos(mark.time, 'x', true)));
      ctx.save();
      ctx.strokeStyle = mark.held ? '#16a34a' : '#dc2626';
      ctx.fillStyle = ctx.strokeStyle;
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(x, bbox.top);
      ctx.lineTo(x, bbox.top + bbox.height);
      ctx.stroke();
      ctx.font = `${11 * (window.devicePixelRatio || 1)}px sans-serif`;
      ctx.fillText(mark.label, x + 4, bbox.top + 12 * (window.devicePixelRatio || 1));
      ctx.restore();
    }
  };

  /** New data for a chart made by `make` (same lines, in the same order). */
  const update = (chart, time, lines) => {
    chart.points = countPoints(lines);
    chart.uplot.setData([time, ...lines.map((line) => line.values)]);
  };

  const charts = [];
  const resize = (width) => {
    for (const chart of charts) {
      const el = document.getElementById(chart.id);
      if (chart.uplot && el) chart.uplot.setSize({ width: width ?? widthOf(el), height: HEIGHT });
    }
  };
  let pending;
  window.addEventListener('resize', () => {
    clearTimeout(pending);
    pending = setTimeout(() => resize(), 150);
  });
  // Canvases do not reflow on paper: draw them at a fixed width that fits A4 and Letter.
  const PRINT_WIDTH = 660;
  window.addEventListener('beforeprint', () => resize(PRINT_WIDTH));
  window.addEventListener('afterprint', () => resize());
  window
    .matchMedia('print')
    .addEventListener('change', (event) => resize(event.matches ? PRINT_WIDTH : undefined));

  /** Charts resized with the window: every chart a page makes goes in here. */
  const keep = (chart) => {
    charts.push(chart);
    return chart;
  };
  window.journeysChartKit = { specs, make, update, keep, resize };

  const reportData = document.getElementById('report-data');
  if (!reportData) return;
  const s = JSON.parse(reportData.textContent).series;
  for (const spec of specs(s)) {
    const el = document.getElementById(spec.id);
    if (!el) continue;
    if (s.time.length === 0) {
      el.textContent = 'No history rows were recorded.';
      keep({ id: spec.id, points: 0, uplot: null });
      continue;
    }
    keep(make(el, spec, s.time));
  }
  window.journeysCharts = charts;
  document.body.dataset.chartsDrawn = String(charts.length);
  document.body.dataset.chartMarks = String((s.marks ?? []).length);
})();
