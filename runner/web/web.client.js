// The web UI in the browser: the form, the controls, and the live feed (server-sent events,
// one JSON message a second) drawn into the header's figures, the tables and the log
// (web-tables.client.js), the report's charts (window.journeysChartKit, from
// runner/report/charts.client.js) and the pipeline tab (web-pipeline.client.js). Plain
// ES2020, no network but this server's own files, feed and API.
(() => {
  const settings = JSON.parse(document.getElementById('web-settings').textContent);
  const kit = window.journeysChartKit;
  const { $, el, ms, num, clock, fillRows, renderRatio, addLogs } = window.journeysWebTables;
  const { addPipeline, drawLoad } = window.journeysWebPipeline;

  // --- The form --------------------------------------------------------------
  const form = $('start-form');
  const d = settings.defaults;
  for (const name of settings.profiles) {
    const option = el('option', name);
    option.value = name;
    $('profile').append(option);
  }
  const none = el('option', '(none: the flags)');
  none.value = '';
  $('profile').prepend(none);
  $('profile').value = d.profile;
  const picked = new Set(d.userClasses.length > 0 ? d.userClasses : settings.userClasses.map((c) => c.name));
  for (const userClass of settings.userClasses) {
    const label = el('label', null, 'class-choice');
    const box = el('input');
    box.type = 'checkbox';
    box.name = 'userClasses';
    box.value = userClass.name;
    box.checked = picked.has(userClass.name);
    const weight = userClass.fixedCount > 0 ? `${userClass.fixedCount} fixed` : `weight ${userClass.weight}`;
    label.append(box, ` ${userClass.name} `, el('span', `(${weight})`, 'muted'));
    $('classes').append(label);
  }
  form.users.value = d.users;
  form.spawnRate.value = d.spawnRate;
  form.arrivalRate.value = d.arrivalRate ?? '';
  form.maxUsers.value = d.maxUsers ?? '';
  form.host.value = d.host;
  form.runTime.value = d.runTime;
  form.tags.value = d.tags.join(',');

  const showError = (message) => {
    $('error').hidden = !message;
    $('error').textContent = message || '';
  };
  const post = async (path, body) => {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    const answer = await response
      .json()
      .catch(() => ({ success: false, message: `HTTP ${response.status}` }));
    showError(answer.success ? '' : answer.message);
    return answer;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const classes = [...form.querySelectorAll('input[name=userClasses]:checked')].map((box) => box.value);
    const all = settings.userClasses.length;
    await post('api/start', {
      profile: form.profile.value,
      userClasses: classes.length === all && d.userClasses.length === 0 ? [] : classes,
      users: form.users.value,
      spawnRate: form.spawnRate.value,
      arrivalRate: form.arrivalRate.value,
      maxUsers: form.maxUsers.value,
      host: form.host.value,
      runTime: form.runTime.value,
      tags: form.tags.value
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    });
  });
  const editForm = $('edit-form');
  // Edit opens with the running test's values (as Locust's), and only the fields of its model.
  $('edit-open').addEventListener('click', () => {
    const run = lastMessage?.run;
    const now = run?.loadNow ?? {};
    const open = run?.model === 'open';
    for (const label of editForm.querySelectorAll('label[data-model]')) {
      label.hidden = label.dataset.model !== (open ? 'open' : 'closed');
    }
    editForm.users.value = now.users ?? '';
    editForm.spawnRate.value = now.spawnRate ?? '';
    editForm.arrivalRate.value = now.arrivalRate ?? '';
    editForm.hidden = false;
    (open ? editForm.arrivalRate : editForm.users).focus();
  });
  $('edit-cancel').addEventListener('click', () => {
    editForm.hidden = true;
  });
  editForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const open = lastMessage?.run?.model === 'open';
    const answer = await post(
      'api/edit',
      open
        ? { arrivalRate: editForm.arrivalRate.value }
        : { users: editForm.users.value, spawnRate: editForm.spawnRate.value },
    );
    if (answer.success) editForm.hidden = true;
  });
  $('stop').addEventListener('click', () => post('api/stop'));
  $('reset').addEventListener('click', () => post('api/reset'));
  $('new-test').addEventListener('click', () => {
    showingForm = true;
    render(lastMessage);
    form.users.focus();
  });

  // --- Tabs (arrow keys move between them, as a tablist) ----------------------
  const tabs = [...document.querySelectorAll('[role=tab]')];
  const select = (tab) => {
    for (const other of tabs) {
      const on = other === tab;
      other.setAttribute('aria-selected', String(on));
      other.tabIndex = on ? 0 : -1;
      $(`tab-${other.dataset.tab}`).hidden = !on;
    }
    tab.focus();
    // A chart drawn while hidden has no width: size it now it shows.
    kit.resize();
  };
  for (const tab of tabs) {
    tab.tabIndex = tab.getAttribute('aria-selected') === 'true' ? 0 : -1;
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (step) select(tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length]);
    });
  }

  // --- Charts: the report's, fed a point a second -----------------------------
  let series = null;
  const runCharts = [];
  const emptySeries = (windowSeconds) => ({
    time: [],
    users: [],
    rps: [],
    failuresPerSecond: [],
    p50: [],
    p95: [],
    p99: [],
    windowSeconds,
  });
  const COLUMNS = ['time', 'users', 'rps', 'failuresPerSecond', 'p50', 'p95', 'p99'];
  const addSeries = (message) => {
    const s = message.series;
    if (!series || message.from === 0) series = emptySeries(s.windowSeconds);
    for (const column of COLUMNS) series[column].push(...s[column]);
    const specs = kit.specs(series).filter((spec) => spec.id !== 'chart-endpoints');
    if (runCharts.length === 0) {
      for (const spec of specs) runCharts.push(kit.keep(kit.make($(spec.id), spec, series.time)));
      window.journeysCharts = runCharts;
    } else {
      specs.forEach((spec, i) => {
        kit.update(runCharts[i], series.time, spec.lines);
      });
    }
    drawLoad(series);
  };

  // --- Tables and controls from each message ----------------------------------
  let lastMessage = null;
  let showingForm = true;
  let lastState = 'ready';
  const limitText = (limit) => {
    if (!limit) return '-';
    const load = (l) => ('users' in l ? `${l.users} users` : `${l.arrivalRate}/s`);
    const held = limit.held ? `held at ${load(limit.held)}` : 'no step held yet';
    return `${held}${limit.broke ? `; ${limit.broke.by} broke at ${load(limit.broke)}` : ''}`;
  };
  const render = (m) => {
    if (!m) return;
    const active = m.state === 'spawning' || m.state === 'running' || m.state === 'stopping';
    if (active) showingForm = false;
    if (m.state === 'stopped' && lastState !== 'stopped') showingForm = false;
    lastState = m.state;
    const run = m.run;
    // While the test sets up there are no users yet: say what it is doing instead.
    const starting = run?.starting;
    $('state').textContent =
      starting === 'service' ? 'starting the service…' : starting === 'test' ? 'starting…' : m.state;
    $('state').dataset.state = starting ? 'starting' : m.state;
    const total = m.stats.at(-1);
    $('host-now').textContent = run
      ? run.host || 'embedded service'
      : settings.defaults.host || 'embedded service';
    $('host-now').title = $('host-now').textContent;
    $('users-now').textContent = String(run ? run.users : 0);
    $('users-now').title =
      run?.model === 'open' ? 'users running a journey now (open model)' : 'users running now';
    $('rps-now').textContent = total ? String(Math.round(total.rps * 10) / 10) : '0';
    $('failures-now').textContent =
      total && total.requests > 0 ? `${Math.round((total.fails / total.requests) * 1000) / 10}%` : '0%';
    $('elapsed-now').textContent = run
      ? `${clock(run.elapsedSeconds)}${run.durationSeconds ? ` of ${clock(run.durationSeconds)}` : ''}`
      : '-';
    $('elapsed-now').dataset.seconds = String(run ? run.elapsedSeconds : 0);
    // find-limit: the highest load that held so far, and where a limit broke.
    $('limit-now').textContent = limitText(m.limit);
    $('limit-now').closest('.figure').hidden = !m.limit;
    form.hidden = !showingForm || active;
    $('edit-open').hidden = !active || m.state === 'stopping' || Boolean(starting);
    $('stop').hidden = !active;
    $('reset').hidden = !active || Boolean(starting);
    $('new-test').hidden = active || showingForm;
    if (!active) $('edit-form').hidden = true;
    if (m.error) showError(m.error);

    fillRows(
      'stats',
      m.stats,
      (r) => [
        r.method,
        {
          text: r.name,
          title: r.name,
          className: r.name === 'Aggregated' && r.method === '' ? 'name total' : 'name',
        },
        num(r.requests),
        { text: r.fails, className: r.fails > 0 ? 'num fail' : 'num' },
        num(ms(r.median)),
        num(ms(r.p95)),
        num(ms(r.p99)),
        num(ms(r.avg)),
        num(ms(r.min)),
        num(ms(r.max)),
        num(Math.round(r.avgContentSize)),
        num(ms(r.rps)),
        num(ms(r.failuresPerSecond)),
      ],
      'No requests yet.',
      (r) => r.method === '' && r.name === 'Aggregated',
    );
    renderRatio(m.ratio);
    addLogs(m.logs);
    fillRows(
      'thresholds',
      m.thresholds ?? [],
      (t) => [
        t.expression,
        { text: t.pass ? 'PASS' : 'FAIL', className: t.pass ? 'pass' : 'fail' },
        num(t.actual === null ? (t.reason ?? '-') : `${ms(t.actual)} ${t.unit === 'ratio' ? '' : t.unit}`),
      ],
      'No thresholds were set.',
    );
    fillRows(
      'failures',
      m.failures,
      (f) => [f.method, { text: f.name, title: f.name, className: 'name' }, f.error, num(f.occurrences)],
      'No failures.',
    );
    fillRows('exceptions', m.exceptions, (x) => [num(x.count), x.message, x.traceback], 'No exceptions.');
    fillRows(
      'journeys',
      m.journeys,
      (j) => [
        { text: j.name, title: j.name, className: 'name' },
        num(j.count),
        num(j.completed),
        num(j.interrupts),
        num(ms(j.median)),
        num(ms(j.p95)),
        num(ms(j.p99)),
        num(ms(j.max)),
        Object.entries(j.outcomes)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', '),
        j.topInterruptStep ?? '',
      ],
      'No journeys yet.',
    );
    const warnings = $('warnings');
    warnings.replaceChildren(...m.warnings.map((w) => el('p', `warning: ${w}`, 'warning')));
    // A master's workers: each one's share of the load, its state and the users it runs.
    $('workers').replaceChildren(
      ...(m.workers ?? []).map((w) =>
        el(
          'p',
          `worker ${w.name}${w.share ? ` (share ${w.share})` : ''}: ${w.state}, ${w.users} users`,
          'worker',
        ),
      ),
    );
    const verdict = $('verdict');
    verdict.replaceChildren();
    if (m.verdict) {
      const v = m.verdict;
      const failed = v.exitCode !== 0;
      const head = el('h2', null);
      head.append(
        'Verdict ',
        el('span', failed ? `FAIL (exit ${v.exitCode})` : 'PASS', `badge ${failed ? 'fail' : 'pass'}`),
      );
      verdict.append(head);
      if (v.stoppedBy) verdict.append(el('p', `Stopped by: ${v.stoppedBy}`, 'muted'));
      const list = el('ul', null, 'verdict-list');
      for (const i of v.invariants)
        list.append(
          el(
            'li',
            `${i.pass ? 'PASS' : 'FAIL'} invariant ${i.name}${i.message ? `: ${i.message}` : ''}`,
            i.pass ? 'pass' : 'fail',
          ),
        );
      for (const t of v.thresholds)
        list.append(
          el('li', `${t.pass ? 'PASS' : 'FAIL'} threshold ${t.expression}`, t.pass ? 'pass' : 'fail'),
        );
      if (v.selfCheck?.suspect)
        list.append(el('li', `results suspect: ${v.selfCheck.reasons.join('; ')}`, 'fail'));
      verdict.append(list);
      $('results-prefix').textContent = v.prefix;
    }
  };

  const connect = () => {
    const source = new EventSource('feed');
    source.onmessage = (event) => {
      const message = JSON.parse(event.data);
      lastMessage = message;
      addSeries(message);
      addPipeline(message.pipeline);
      render(message);
      document.body.dataset.messages = String(Number(document.body.dataset.messages ?? 0) + 1);
    };
    // EventSource reconnects by itself; nothing to log (a console error would be noise).
    source.onerror = () => {};
  };
  connect();
})();
