// The web UI's Pipeline tab in the browser: the target's own metrics charted beside the
// load, with the report's chart kit (window.journeysChartKit). Loaded after
// web-tables.client.js and before web.client.js. Plain ES2020.
(() => {
  const kit = window.journeysChartKit;
  const { $, el } = window.journeysWebTables;

  // The pipeline tab: its charts are remade when a line appears (uPlot's series are fixed).
  // Each line keeps one look for the page's life, distinct within its chart: twelve colours,
  // then the same colours dashed, then dotted.
  const COLOURS = [
    '#2563eb',
    '#dc2626',
    '#16a34a',
    '#ea580c',
    '#7c3aed',
    '#0891b2',
    '#db2777',
    '#4b5563',
    '#65a30d',
    '#92400e',
    '#ca8a04',
    '#0f766e',
  ];
  const DASHES = [undefined, [8, 4], [2, 3]];
  const looks = new Map();
  const lookOf = (chartId, label) => {
    let chart = looks.get(chartId);
    if (!chart) {
      chart = new Map();
      looks.set(chartId, chart);
    }
    if (!chart.has(label)) {
      const i = chart.size;
      const dash = DASHES[Math.floor(i / COLOURS.length) % DASHES.length];
      chart.set(label, { stroke: COLOURS[i % COLOURS.length], ...(dash ? { dash } : {}) });
    }
    return chart.get(label);
  };
  const pipelineCharts = new Map();
  window.journeysPipelineCharts = pipelineCharts;
  const pipeline = { time: [], lines: {} };
  const addPipeline = (p) => {
    $('pipeline-source').textContent = p.error
      ? `Cannot scrape the target's metrics: ${p.error}`
      : p.url
        ? `From ${p.url}, scraped each second. Lines appear as the target exposes their series.`
        : 'No target yet: start a test (the embedded service, or a host with /metrics, or --target-metrics).';
    if (p.from === 0 && p.time.length > 0) {
      pipeline.time = [];
      pipeline.lines = {};
    }
    const before = pipeline.time.length;
    pipeline.time.push(...p.time);
    for (const [chartId, byLabel] of Object.entries(p.lines)) {
      pipeline.lines[chartId] ??= {};
      const lines = pipeline.lines[chartId];
      for (const [label, values] of Object.entries(byLabel)) {
        lines[label] ??= new Array(before).fill(null);
        lines[label].push(...values);
      }
      for (const values of Object.values(lines))
        while (values.length < pipeline.time.length) values.push(null);
    }
    for (const spec of p.charts) {
      let holder = $(spec.id);
      if (!holder) {
        const section = el('section', null, 'chart');
        section.append(el('h3', spec.title));
        holder = el('div');
        holder.id = spec.id;
        section.append(holder);
        $('pipeline-charts').append(section);
      }
      const lines = Object.entries(pipeline.lines[spec.id] ?? {}).map(([label, values]) => ({
        label,
        values,
        ...lookOf(spec.id, label),
      }));
      const labels = lines.map((line) => line.label).join('\n');
      const known = pipelineCharts.get(spec.id);
      if (lines.length === 0) {
        if (!known) holder.textContent = 'No such series on this target.';
        continue;
      }
      if (known && known.labels === labels) {
        kit.update(known.chart, pipeline.time, lines);
        continue;
      }
      if (known) known.chart.uplot.destroy();
      holder.textContent = '';
      const chart = kit.make(holder, { id: spec.id, unit: spec.unit, lines }, pipeline.time);
      if (!known) kit.keep(chart);
      else Object.assign(known.chart, chart);
      pipelineCharts.set(spec.id, { chart: known ? known.chart : chart, labels });
    }
    window.journeysPipeline = pipeline;
  };

  /** The tab's first chart: the run's requests per second, beside the target's own lines. */
  const drawLoad = (series) => {
    const load = pipelineCharts.get('pipeline-load');
    const loadLines = [{ label: 'requests/s', ...lookOf('pipeline-load', 'requests/s'), values: series.rps }];
    if (!load) {
      const spec = { id: 'pipeline-load', unit: '/s', lines: loadLines };
      pipelineCharts.set('pipeline-load', {
        chart: kit.keep(kit.make($('pipeline-load'), spec, series.time)),
        labels: 'x',
      });
    } else kit.update(load.chart, series.time, loadLines);
  };

  window.journeysWebPipeline = { addPipeline, drawLoad };
})();
