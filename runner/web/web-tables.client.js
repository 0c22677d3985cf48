// The web UI's tables in the browser: cells, sorting as Locust's (a header click sorts by
// its column, again reverses, the Aggregated row last), the Current ratio tab and the Logs
// tab. Loaded before web.client.js, which draws each feed message with these. Plain ES2020.
(() => {
  const $ = (id) => document.getElementById(id);
  const el = (tag, text, className) => {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  };
  const ms = (v) => (v === null || v === undefined ? '-' : String(Math.round(v * 100) / 100));
  const num = (text) => ({ text, className: 'num' });
  const pct = (share) => (share === null || share === undefined ? '-' : `${(share * 100).toFixed(1)}%`);
  const clock = (seconds) => {
    const s = Math.max(0, Math.round(seconds));
    return s < 60 ? `${s} s` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  };
  // --- Sorting, as Locust's tables: a header click sorts by its column, again reverses ---
  const sorts = new Map();
  const cellValue = (tr, column) => {
    const text = tr.cells[column]?.textContent ?? '';
    const number = Number(text.replace(/%$/, ''));
    return text !== '' && text !== '-' && Number.isFinite(number) ? number : text;
  };
  const sortBody = (tableId) => {
    const sort = sorts.get(tableId);
    if (!sort) return;
    const body = $(tableId).querySelector('tbody');
    const rows = [...body.rows];
    // The Aggregated row stays last, as Locust keeps it.
    const pinned = rows.filter((tr) => tr.dataset.pinned === 'true');
    const rest = rows.filter((tr) => tr.dataset.pinned !== 'true');
    rest.sort((a, b) => {
      const x = cellValue(a, sort.column);
      const y = cellValue(b, sort.column);
      const order =
        typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return sort.descending ? -order : order;
    });
    body.replaceChildren(...rest, ...pinned);
  };
  for (const table of document.querySelectorAll('table[data-sortable]')) {
    [...table.querySelectorAll('thead th')].forEach((th, column) => {
      const button = el('button', th.textContent, 'sort');
      button.type = 'button';
      th.replaceChildren(button);
      button.addEventListener('click', () => {
        const now = sorts.get(table.id);
        // Numbers first from the largest, names from A; a second click reverses.
        const descending = now?.column === column ? !now.descending : th.classList.contains('num');
        sorts.set(table.id, { column, descending });
        for (const other of table.querySelectorAll('thead th')) other.removeAttribute('aria-sort');
        th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
        sortBody(table.id);
      });
    });
  }

  const fillRows = (tableId, rows, cells, empty, pinned) => {
    const body = $(tableId).querySelector('tbody');
    const fresh = document.createDocumentFragment();
    for (const row of rows) {
      const tr = el('tr');
      for (const cell of cells(row)) {
        const td = el('td', cell && typeof cell === 'object' ? cell.text : cell);
        if (cell && typeof cell === 'object' && cell.className) td.className = cell.className;
        if (cell && typeof cell === 'object' && cell.title) td.title = cell.title;
        tr.append(td);
      }
      if (row?.rowClass) tr.className = row.rowClass;
      if (pinned?.(row)) tr.dataset.pinned = 'true';
      fresh.append(tr);
    }
    if (rows.length === 0 && empty) {
      const tr = el('tr');
      const td = el('td', empty, 'muted');
      td.colSpan = $(tableId).querySelectorAll('thead th').length;
      tr.append(td);
      fresh.append(tr);
    }
    body.replaceChildren(fresh);
    if (rows.length > 0) sortBody(tableId);
  };

  // --- Current ratio: configured beside running ----------------------------------
  const renderRatio = (ratio) => {
    const open = ratio?.model === 'open';
    $('ratio-note').textContent = !ratio
      ? 'No test yet: start one to see its user classes and journeys.'
      : open
        ? "Open model: a class's share is its share of max_users, and so of the arrivals; journeys start as they arrive, so what runs is the journeys run."
        : "Closed model: a class's share is its weight's (fixed counts are filled first); users configured are those the test heads for, users running those it has now.";
    const rows = [];
    for (const c of ratio?.classes ?? []) {
      const weight = c.fixedCount > 0 ? `${c.fixedCount} fixed` : String(c.weight);
      rows.push({
        rowClass: 'ratio-class',
        cells: [
          c.name,
          num(weight),
          num(''),
          num(pct(c.share)),
          num(c.usersWanted ?? 'open model'),
          num(c.usersRunning ?? '-'),
        ],
      });
      for (const j of c.journeys)
        rows.push({
          rowClass: 'ratio-journey',
          cells: [
            { text: j.name, title: j.name, className: 'name' },
            num(j.weight),
            num(pct(j.classShare)),
            num(pct(j.totalShare)),
            num(''),
            num(''),
          ],
        });
    }
    fillRows('ratio-classes', rows, (row) => row.cells, 'No test yet.');
    fillRows(
      'ratio-totals',
      ratio?.totals ?? [],
      (t) => [
        { text: t.name, title: t.name, className: 'name' },
        num(pct(t.totalShare)),
        num(t.ran),
        num(pct(t.ranShare)),
      ],
      'No test yet.',
    );
  };

  // --- Logs: appended as they come, kept to the last MOST_LOG_LINES --------------
  const MOST_LOG_LINES = 1000;
  const addLogs = (lines) => {
    if (!lines || lines.length === 0) return;
    const list = $('logs');
    const atEnd = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
    for (const line of lines) {
      const item = el('li');
      item.dataset.level = line.level;
      item.dataset.seq = String(line.seq);
      const time = el('time', new Date(line.at).toLocaleTimeString());
      time.dateTime = new Date(line.at).toISOString();
      item.append(time, line.text);
      list.append(item);
    }
    while (list.children.length > MOST_LOG_LINES) list.firstElementChild.remove();
    // Follow the end unless the reader has scrolled up to read.
    if (atEnd) list.scrollTop = list.scrollHeight;
  };

  window.journeysWebTables = { $, el, ms, num, pct, clock, fillRows, renderRatio, addLogs };
})();
