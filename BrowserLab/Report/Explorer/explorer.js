// report.html's timeline: one lane per connection, drawn in SVG from the JSON beside this script, on the
// report's one clock (ms since the run started). Zoom with the wheel, + and -, a span's button; pan by dragging
// or with the arrow keys; 0 shows the whole run. window.labExplorer is the page's handle for tests and scripts.
(function () {
  'use strict';
  var data;
  var root = document.getElementById('explorer');
  var svg = document.getElementById('explorer-svg');
  var overview = document.getElementById('explorer-overview');
  var tip = document.getElementById('explorer-tip');
  var status = document.getElementById('explorer-status');
  var NS = 'http://www.w3.org/2000/svg';
  var LABEL = 230, RIGHT = 12, LANE = 22, TOP = 26, MIN_SPAN = 1;
  var COLORS = { original: '#4682b4', retry: '#ff4500', other: '#2e8b57', unused: '#808080', request: '#4682b4', silent: '#808080' };
  var full, view, hiddenRoles, navigation, selected, linked, select;

  function color(role) { return COLORS[role] || '#ff00ff'; }
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function width() { return svg.clientWidth || 1000; }
  function x(t) { return LABEL + (t - view.from) / (view.to - view.from) * (width() - LABEL - RIGHT); }
  function visible() {
    return data.lanes.filter(function (l) {
      return !hiddenRoles[l.role] && (navigation === null || l.navigation === navigation);
    });
  }
  function fmt(ms) { return ms === null || ms === undefined ? '—' : (Math.abs(ms) >= 100 ? ms.toFixed(0) : ms.toFixed(1)) + ' ms'; }

  // Ticks at 1, 2 or 5 times a power of ten, about eight across.
  function ticks() {
    var span = view.to - view.from, raw = span / 8, p = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (m) { return m * p; }).find(function (s) { return s >= raw; });
    var out = [];
    for (var t = Math.ceil(view.from / step) * step; t <= view.to; t += step) out.push(t);
    return { step: step, at: out };
  }

  function mark(g, kind, t, y, c) {
    if (t === null || t === undefined) return;
    var cx = x(t), e;
    if (kind === 'connect') e = el('circle', { cx: cx, cy: y, r: 5, fill: c }, g);
    else if (kind === 'firstByte') e = el('path', { d: 'M' + cx + ' ' + (y - 6) + 'l6 11h-12z', fill: c }, g);
    else if (kind === 'headError') e = el('path', { d: 'M' + cx + ' ' + (y - 6) + 'l6 6l-6 6l-6 -6z', fill: '#000' }, g);
    else e = el('rect', { x: cx - 5, y: y - 5, width: 10, height: 10, fill: c }, g);
    e.setAttribute('class', 'mark ' + kind);
    e.setAttribute('data-t', t);
  }

  function render() {
    var lanes = visible(), w = width();
    svg.innerHTML = '';
    svg.setAttribute('height', TOP + lanes.length * LANE + 14);
    var axis = el('g', { class: 'axis' }, svg), ts = ticks();
    ts.at.forEach(function (t) {
      el('line', { x1: x(t), x2: x(t), y1: TOP - 6, y2: TOP + lanes.length * LANE, stroke: '#eee' }, axis);
      var label = el('text', { x: x(t), y: TOP - 10, 'font-size': 11, 'text-anchor': 'middle', fill: '#555' }, axis);
      label.textContent = ts.step >= 1 ? t.toFixed(0) : t.toFixed(Math.min(3, -Math.floor(Math.log10(ts.step))));
    });
    data.navigations.forEach(function (n) {
      if (n.start < view.from || n.start > view.to) return;
      el('line', { x1: x(n.start), x2: x(n.start), y1: TOP - 6, y2: TOP + lanes.length * LANE, stroke: '#777', 'stroke-dasharray': '4 3' }, axis);
      var label = el('text', { x: x(n.start) + 3, y: TOP + lanes.length * LANE + 9, 'font-size': 10, fill: '#555' }, axis);
      label.textContent = n.label;
    });
    var clip = el('clipPath', { id: 'explorer-clip' }, el('defs', {}, svg));
    el('rect', { x: LABEL, y: 0, width: Math.max(0, w - LABEL - RIGHT + 6), height: TOP + lanes.length * LANE + 10 }, clip);
    lanes.forEach(function (l, i) {
      var y = TOP + i * LANE + LANE / 2, c = color(l.role);
      var g = el('g', { class: 'lane' + (selected === l.key ? ' selected' : '') + (linked.indexOf(l.key) >= 0 ? ' linked' : ''), 'data-key': l.key, 'data-role': l.role }, svg);
      // Transparent enough for the grid and the navigations' lines behind it, painted so that it takes the pointer.
      el('rect', { x: 0, y: y - LANE / 2, width: w, height: LANE, fill: i % 2 ? 'rgba(0,0,0,0.03)' : 'rgba(0,0,0,0)', class: 'hit' }, g);
      var text = el('text', { x: 4, y: y + 4, 'font-size': 12 }, g);
      text.textContent = l.port + ' :' + l.clientPort + ' ' + l.role;
      var marks = el('g', { 'clip-path': 'url(#explorer-clip)' }, g);
      var from = first(l.connect, l.firstByte, l.gatewayInit), to = first(l.close, l.browserClosed, from);
      if (from !== null && to !== null) el('line', { x1: x(from), x2: x(to), y1: y, y2: y, stroke: c, 'stroke-opacity': 0.45, 'stroke-width': 8 }, marks);
      // A lane the gateway alone saw (clients.html's) has its accept where the NetLog's connect would be.
      mark(marks, 'connect', first(l.connect, l.gatewayInit), y, c);
      mark(marks, 'firstByte', l.firstByte, y, c);
      mark(marks, 'headError', l.headError, y, c);
      mark(marks, 'close', l.close, y, c);
      g.addEventListener('mouseenter', function (ev) { show(l, ev); });
      g.addEventListener('mousemove', function (ev) { place(ev); });
      g.addEventListener('mouseleave', function () { if (selected !== l.key) tip.style.display = 'none'; });
      g.addEventListener('click', function (ev) { selected = selected === l.key ? null : l.key; render(); if (selected !== null) show(l, ev); });
    });
    drawOverview();
    status.textContent = 'view ' + fmt(view.from) + ' – ' + fmt(view.to) + ' (' + fmt(view.to - view.from) + ' wide), ' +
      lanes.length + ' of ' + data.lanes.length + ' lanes. Wheel or + − to zoom, drag or ← → to pan, 0 for the whole run.';
  }

  function first() {
    for (var i = 0; i < arguments.length; i++) if (arguments[i] !== null && arguments[i] !== undefined) return arguments[i];
    return null;
  }

  function drawOverview() {
    overview.innerHTML = '';
    var w = overview.clientWidth || 1000, span = full.to - full.from;
    function ox(t) { return LABEL + (t - full.from) / span * (w - LABEL - RIGHT); }
    el('rect', { x: LABEL, y: 4, width: w - LABEL - RIGHT, height: 28, fill: '#f4f4f4' }, overview);
    var label = el('text', { x: 4, y: 22, 'font-size': 11, fill: '#555' }, overview);
    label.textContent = 'whole run, ' + fmt(data.to - data.from);
    data.lanes.forEach(function (l, i) {
      var a = first(l.connect, l.firstByte, l.gatewayInit), b = first(l.close, l.browserClosed, a);
      if (a === null) return;
      el('rect', { x: ox(a), y: 6 + (i % 12) * 2, width: Math.max(1, ox(b) - ox(a)), height: 2, fill: color(l.role) }, overview);
    });
    el('rect', { id: 'explorer-window', x: ox(view.from), y: 2, width: Math.max(2, ox(view.to) - ox(view.from)), height: 32,
      fill: 'none', stroke: '#000', 'stroke-width': 1.5 }, overview);
  }

  function show(l, ev) {
    var lines = [
      l.port + '  client port ' + l.clientPort,
      'role ' + l.role + ', opened by ' + l.opener + (l.request ? ', carried ' + l.request : ', carried nothing') +
        (l.navigation !== null && l.navigation !== undefined ? ', navigation ' + l.navigation : ''),
      'bytes in ' + l.bytesIn + ', out ' + l.bytesOut + (l.head ? ', head "' + l.head + '"' : ''),
      'close ' + (l.closeKind || '—') + ' by ' + (l.closedBy || '—') + (l.reason ? ' (' + l.reason + ')' : ''),
      'browser (NetLog): connect ' + fmt(l.connect) + ', first byte ' + fmt(l.firstByte) + ', socket closed ' + fmt(l.browserClosed) +
        (l.browserError ? ', ' + l.browserError : '') + (l.netLogCloseReason ? ' — ' + l.netLogCloseReason : ''),
      (first(l.connect, l.firstByte, l.browserClosed) === null ? 'gateway: ' : 'gateway (its clock moved onto the browser\'s): ') +
        'init ok ' + fmt(l.gatewayInit) + ', head_error ' + fmt(l.headError) + ', do_terminate ' + fmt(l.close)
    ].filter(function (line, i) { return i !== 4 || first(l.connect, l.firstByte, l.browserClosed) !== null; });
    tip.textContent = lines.join('\n');
    tip.setAttribute('data-key', l.key);
    tip.style.display = 'block';
    place(ev);
  }
  function place(ev) {
    if (!ev) return;
    tip.style.left = Math.min(ev.clientX + 14, window.innerWidth - 480) + 'px';
    tip.style.top = (ev.clientY + 14) + 'px';
  }

  function setView(from, to) {
    var span = Math.max(MIN_SPAN, Math.min(to - from, full.to - full.from));
    var mid = (from + to) / 2;
    from = mid - span / 2;
    to = mid + span / 2;
    if (from < full.from) { to += full.from - from; from = full.from; }
    if (to > full.to) { from -= to - full.to; to = full.to; }
    view = { from: Math.max(full.from, from), to: to };
    render();
  }
  function zoom(factor, at) {
    at = at === undefined ? (view.from + view.to) / 2 : at;
    setView(at - (at - view.from) * factor, at + (view.to - at) * factor);
  }
  function pan(fraction) {
    var d = (view.to - view.from) * fraction;
    setView(view.from + d, view.to + d);
  }
  function zoomTo(span) {
    var margin = Math.max((span.to - span.from) * 0.1, 0.5);
    setView(span.from - margin, span.to + margin);
  }

  svg.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    var r = svg.getBoundingClientRect(), px = ev.clientX - r.left;
    var at = px < LABEL ? undefined : view.from + (px - LABEL) / (width() - LABEL - RIGHT) * (view.to - view.from);
    zoom(ev.deltaY > 0 ? 1.25 : 0.8, at);
  }, { passive: false });
  var drag = null;
  svg.addEventListener('mousedown', function (ev) { drag = { x: ev.clientX, from: view.from, to: view.to }; });
  window.addEventListener('mouseup', function () { drag = null; });
  window.addEventListener('mousemove', function (ev) {
    if (!drag) return;
    var d = (ev.clientX - drag.x) / (width() - LABEL - RIGHT) * (drag.to - drag.from);
    if (Math.abs(ev.clientX - drag.x) > 2) setView(drag.from - d, drag.to - d);
  });
  root.addEventListener('keydown', function (ev) {
    var keys = { '+': function () { zoom(0.5); }, '=': function () { zoom(0.5); }, '-': function () { zoom(2); },
      ArrowLeft: function () { pan(-0.2); }, ArrowRight: function () { pan(0.2); }, '0': function () { setView(full.from, full.to); } };
    if (keys[ev.key]) { ev.preventDefault(); keys[ev.key](); }
  });

  var spans = document.getElementById('explorer-spans');
  var filters = document.getElementById('explorer-filters');
  function button(id, text, action) {
    var b = document.createElement('button');
    b.id = id;
    b.textContent = text;
    b.addEventListener('click', action);
    spans.appendChild(b);
  }
  function controls() {
    spans.innerHTML = '';
    filters.innerHTML = '';
    // The buttons: the whole run, each navigation, each burst; the filters: roles and one navigation.
    button('explorer-all', 'whole run', function () { setView(full.from, full.to); });
    data.navigations.concat(data.bursts).forEach(function (s) {
      button('explorer-' + s.id, s.label, function () { zoomTo(s); });
    });
    var roles = [];
    data.lanes.forEach(function (l) { if (roles.indexOf(l.role) < 0) roles.push(l.role); });
    roles.forEach(function (role) {
      var label = document.createElement('label');
      var box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = true;
      box.id = 'explorer-role-' + role;
      box.addEventListener('change', function () { hiddenRoles[role] = !box.checked; render(); });
      label.appendChild(box);
      label.appendChild(document.createTextNode(' ' + role));
      label.style.color = color(role);
      filters.appendChild(label);
    });
    select = document.createElement('select');
    select.id = 'explorer-navigation';
    [['', 'every navigation']].concat(data.navigations.map(function (n) { return [n.id.substring(4), n.label]; })).forEach(function (o) {
      var opt = document.createElement('option');
      opt.value = o[0];
      opt.textContent = o[1];
      select.appendChild(opt);
    });
    select.addEventListener('change', function () { navigation = select.value === '' ? null : Number(select.value); render(); });
    filters.appendChild(select);
  }

  // A model to draw (the page's own at first; clients.html gives each attempt's in turn): the whole of it in view.
  function load(model) {
    data = model;
    var pad = Math.max((data.to - data.from) * 0.02, 1);
    full = { from: data.from - pad, to: data.to + pad };
    view = { from: full.from, to: full.to };
    hiddenRoles = {};
    navigation = null;
    selected = null;
    linked = [];
    tip.style.display = 'none';
    controls();
    render();
  }

  // The report's own rows lead to their lanes: a connection's row selects its lane and zooms to it, a "what
  // happened" sentence (one per navigation, in order) zooms to its navigation, a row of the seed or the notes'
  // clock (the model's links) marks the lanes it speaks of and zooms to them all.
  function marksOf(lane) {
    return [lane.connect, lane.firstByte, lane.headError, lane.close, lane.gatewayInit, lane.browserClosed]
      .filter(function (t) { return t !== null && t !== undefined; });
  }
  function focusLanes(keys, selectOne) {
    var marks = [];
    keys.forEach(function (key) { marks = marks.concat(marksOf(data.lanes[key])); });
    if (marks.length === 0) return;
    // Nothing a link leads to may stay hidden by a filter.
    keys.forEach(function (key) {
      var lane = data.lanes[key];
      hiddenRoles[lane.role] = false;
      var box = document.getElementById('explorer-role-' + lane.role);
      if (box) box.checked = true;
      if (navigation !== null && lane.navigation !== navigation) { navigation = null; select.value = ''; }
    });
    selected = selectOne ? keys[0] : null;
    linked = selectOne ? [] : keys.slice();
    zoomTo({ from: Math.min.apply(null, marks), to: Math.max.apply(null, marks) });
    root.scrollIntoView({ block: 'start' });
  }
  function focusLane(key) { focusLanes([key], true); }
  function portsOf(keys) { return keys.map(function (k) { return data.lanes[k].port; }).join(', '); }
  // The table and the sentences come after this script in the page: bound once the document is whole.
  function linkRows() {
    document.querySelectorAll('#connections tbody tr').forEach(function (row, key) {
      if (key >= data.lanes.length) return;
      row.style.cursor = 'pointer';
      row.title = 'show this connection in the timeline above';
      row.addEventListener('click', function () { focusLane(key); });
    });
    document.querySelectorAll('#what-happened > li').forEach(function (item, i) {
      var span = data.navigations[i];
      if (!span) return;
      item.style.cursor = 'pointer';
      item.title = 'show ' + span.label + ' in the timeline';
      item.addEventListener('click', function () { zoomTo(span); root.scrollIntoView({ block: 'start' }); });
    });
    (data.links || []).forEach(function (link) {
      var row = document.querySelectorAll('#' + link.table + ' tbody tr')[link.row];
      var target = row && (link.column === null ? row : row.children[link.column]);
      if (!target) return;
      if (link.lanes.length === 0) {
        target.title = 'no connection of this run to show';
        return;
      }
      target.style.cursor = 'pointer';
      target.title = 'show ' + portsOf(link.lanes) + ' in the timeline above';
      // A cell's own link (one story's prediction) wins over its row's (every story's).
      target.addEventListener('click', function (ev) { ev.stopPropagation(); focusLanes(link.lanes, false); });
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', linkRows);
  else linkRows();

  window.labExplorer = {
    load: load,
    view: function () { return { from: view.from, to: view.to }; },
    setView: setView,
    visibleKeys: function () { return visible().map(function (l) { return l.key; }); },
    selected: function () { return selected; },
    linked: function () { return linked.slice(); },
    x: x
  };
  window.addEventListener('resize', render);
  load(JSON.parse(document.getElementById('explorer-data').textContent));
})();
