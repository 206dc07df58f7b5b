// The chaos report page's plots, drawn as SVG from the run's data (the JSON script element).
// Inlined by ReportPage inside a CDATA section and filtered by Maven: no dollar-brace or
// at-sign expressions, and never the CDATA end marker. Strings from the run reach the page
// only through textContent and setAttribute, never as markup.
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var data = JSON.parse(document.getElementById('chaos-data').textContent);
  var OUTCOME = { ok: '#3a9a48', fail: '#d9453d', unknown: '#e8a33a' };
  var KIND = { PUT: '#1f77b4', GET: '#9467bd', CAS: '#17becf', DELETE: '#8c564b', APPEND: '#555555' };
  var FAULT = { kill: '#d9453d', pause: '#e8a33a', isolate: '#4a7bd0', split: '#4a7bd0',
    'isolate-leader': '#9b59b6', transfer: '#2aa198' };
  var NODE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2'];
  var LEFT = 96, RIGHT = 16, ROW = 16, LABEL_LANES = 3, LANE = 12, AXIS = 22;
  var TOP = LABEL_LANES * LANE + 6;
  var LAT_HEIGHT = 260;
  var end = Math.max(data.endMs, 1);
  var view = { from: 0, to: end };
  var tooltip = document.getElementById('tooltip');

  var processes = [];
  var appenders = {};
  data.ops.forEach(function (op) {
    if (processes.indexOf(op[0]) < 0) { processes.push(op[0]); }
    if (op[1] === 'APPEND') { appenders[op[0]] = true; }
  });
  processes.sort(function (a, b) { return (a === 0) - (b === 0) || a - b; });
  var rowOf = {};
  processes.forEach(function (p, i) { rowOf[p] = i + 1; });  // row 0: the leader

  function rowLabel(p) {
    return p === 0 ? 'final reads' : (appenders[p] ? 'append ' : 'client ') + p;
  }

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(e); }
    return e;
  }

  function text(parent, x, y, content, attrs) {
    var t = el('text', attrs || {}, parent);
    t.setAttribute('x', x);
    t.setAttribute('y', y);
    t.textContent = content;
    return t;
  }

  function width() {
    return Math.max(600, document.getElementById('timeline').clientWidth || 1200);
  }

  function scale(w) {
    var span = view.to - view.from;
    return function (t) { return LEFT + (t - view.from) / span * (w - LEFT - RIGHT); };
  }

  function timeAt(px, w) {
    var t = view.from + (px - LEFT) / (w - LEFT - RIGHT) * (view.to - view.from);
    return Math.max(0, Math.min(end, t));
  }

  function seconds(ms) { return (ms / 1000).toFixed(ms < 10000 ? 3 : 1) + ' s'; }

  function niceStep(span) {
    var raw = span / 10, p = Math.pow(10, Math.floor(Math.log10(raw)));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) { if (raw <= steps[i] * p) { return steps[i] * p; } }
    return 10 * p;
  }

  function axis(svg, x, y0, y1, w) {
    var g = el('g', { 'class': 'axis' }, svg);
    var step = niceStep(view.to - view.from);
    for (var t = Math.ceil(view.from / step) * step; t <= view.to; t += step) {
      el('line', { x1: x(t), x2: x(t), y1: y0, y2: y1, 'class': 'grid' }, g);
      text(g, x(t) - 12, y1 + 14, (t / 1000).toFixed(step < 1000 ? 2 : 0) + ' s');
    }
    el('line', { x1: LEFT, x2: w - RIGHT, y1: y1, y2: y1 }, g);
  }

  function faultWindows(svg, x, y0, y1, labelled) {
    var g = el('g', { 'class': 'faults' }, svg);
    var laneEnds = [];
    data.faults.forEach(function (f, i) {
      if (f.to < view.from || f.from > view.to) { return; }
      var x0 = Math.max(LEFT, x(f.from));
      var x1 = Math.min(x(f.to), x(view.to));
      el('rect', { x: x0, y: y0, width: Math.max(2, x1 - x0), height: y1 - y0,
        fill: FAULT[f.kind] || '#888', 'fill-opacity': labelled ? 0.22 : 0.16,
        'class': 'fault', 'data-f': i, 'pointer-events': labelled ? 'none' : 'auto' }, g);
      if (!labelled) { return; }
      var lane = 0;
      while (lane < laneEnds.length && laneEnds[lane] > x0) { lane++; }
      if (lane >= LABEL_LANES) { return; }  // no room; the fault table and hover name it
      var t = text(g, x0 + 2, 10 + lane * LANE, f.label, { 'class': 'fault-label',
        fill: FAULT[f.kind] || '#888', 'data-f': i });
      laneEnds[lane] = x0 + 6 * f.label.length + 8;
      t.style.fill = FAULT[f.kind] || '#888';
    });
  }

  function drawTimeline(w) {
    var x = scale(w);
    var rows = processes.length + 1;
    var bottom = TOP + rows * ROW;
    var holder = document.getElementById('timeline');
    holder.textContent = '';
    var svg = el('svg', { id: 'timeline-svg', width: w, height: bottom + AXIS,
      xmlns: NS }, holder);
    el('clipPath', { id: 'plot-clip' }, svg).appendChild(
      el('rect', { x: LEFT, y: 0, width: w - LEFT - RIGHT, height: bottom + AXIS }));
    for (var r = 0; r < rows; r++) {
      if (r % 2 === 0) {
        el('rect', { x: LEFT, y: TOP + r * ROW, width: w - LEFT - RIGHT, height: ROW,
          'class': 'row-even' }, svg);
      }
      text(svg, 4, TOP + r * ROW + ROW - 4, r === 0 ? 'leader' : rowLabel(processes[r - 1]),
        { 'class': 'row-label' });
    }
    axis(svg, x, TOP, bottom, w);
    var plot = el('g', { 'clip-path': 'url(#plot-clip)' }, svg);
    drawLeaders(plot, x, bottom);
    var bars = el('g', { id: 'ops' }, plot);
    var drawn = 0;
    data.ops.forEach(function (op, i) {
      var t1 = op[3] === null ? end : op[3];
      if (t1 < view.from || op[2] > view.to) { return; }
      var x0 = x(op[2]);
      var attrs = { x: x0, y: TOP + rowOf[op[0]] * ROW + 3, width: Math.max(1, x(t1) - x0),
        height: ROW - 6, fill: OUTCOME[op[4]], 'class': 'op', 'data-i': i };
      if (op[3] === null) { attrs['fill-opacity'] = 0.45; }
      el('rect', attrs, bars);
      drawn++;
    });
    // Over the bars, which would hide them, but transparent to the mouse so bars still hover.
    faultWindows(plot, x, TOP, bottom, true);
    svg.setAttribute('data-bars', drawn);
    selectable(svg, w);
  }

  function drawLeaders(g, x, bottom) {
    data.leaders.forEach(function (l, i) {
      var next = i + 1 < data.leaders.length ? data.leaders[i + 1].at : end;
      if (next < view.from || l.at > view.to) { return; }
      var x0 = Math.max(LEFT, x(l.at)), x1 = x(next);
      el('rect', { x: x0, y: TOP + 2, width: Math.max(1, x1 - x0), height: ROW - 4,
        fill: NODE[(l.node - 1) % NODE.length], 'fill-opacity': 0.7, 'class': 'leader',
        'data-l': i }, g);
      if (x1 - x0 > 44) {
        text(g, x0 + 3, TOP + ROW - 4, 'n' + l.node + ' t' + l.term, { 'data-l': i });
      }
      if (i > 0) {
        el('line', { x1: x(l.at), x2: x(l.at), y1: TOP, y2: bottom, 'class': 'leader-change' }, g);
      }
    });
  }

  function drawLatency(w) {
    var x = scale(w);
    var holder = document.getElementById('latency');
    holder.textContent = '';
    var top = 8, bottom = top + LAT_HEIGHT;
    var svg = el('svg', { id: 'latency-svg', width: w, height: bottom + AXIS, xmlns: NS },
      holder);
    var lo = Infinity, hi = 0;
    data.ops.forEach(function (op) {
      if (op[3] !== null) { var l = op[3] - op[2]; lo = Math.min(lo, l); hi = Math.max(hi, l); }
    });
    data.latency.forEach(function (s) {
      s.points.forEach(function (p) { lo = Math.min(lo, p[1]); hi = Math.max(hi, p[2]); });
    });
    if (hi === 0) { text(svg, LEFT, 40, 'no completed operations'); return; }
    lo = Math.max(0.01, Math.min(lo, hi / 10));
    var llo = Math.log10(lo), lhi = Math.log10(hi) + 0.05;
    function y(v) {
      return bottom - (Math.log10(Math.max(v, lo)) - llo) / (lhi - llo) * (bottom - top);
    }
    var g = el('g', { 'class': 'axis' }, svg);
    for (var e = Math.floor(llo); e <= Math.ceil(lhi); e++) {
      [1, 2, 5].forEach(function (m) {
        var v = m * Math.pow(10, e);
        if (v < lo || Math.log10(v) > lhi) { return; }
        el('line', { x1: LEFT, x2: w - RIGHT, y1: y(v), y2: y(v), 'class': 'grid' }, g);
        text(g, 4, y(v) + 4, (v >= 1 ? v.toFixed(0) : v.toPrecision(1)) + ' ms');
      });
    }
    axis(svg, x, top, bottom, w);
    el('clipPath', { id: 'lat-clip' }, svg).appendChild(
      el('rect', { x: LEFT, y: 0, width: w - LEFT - RIGHT, height: bottom }));
    var plot = el('g', { 'clip-path': 'url(#lat-clip)' }, svg);
    faultWindows(plot, x, top, bottom, false);
    var points = el('g', { id: 'latency-points' }, plot);
    data.ops.forEach(function (op, i) {
      if (op[3] === null || op[3] < view.from || op[3] > view.to) { return; }
      el('circle', { cx: x(op[3]), cy: y(op[3] - op[2]), r: 2, fill: KIND[op[1]] || '#333',
        'fill-opacity': 0.35, 'class': 'lat-point', 'data-i': i }, points);
    });
    var half = data.bucketMs / 2;
    data.latency.forEach(function (s) {
      [1, 2].forEach(function (which) {
        var d = '';
        s.points.forEach(function (p) {
          d += (d ? ' L' : 'M') + x(p[0] + half).toFixed(1) + ' ' + y(p[which]).toFixed(1);
        });
        el('path', { d: d, fill: 'none', stroke: KIND[s.kind] || '#333',
          'stroke-width': which === 2 ? 1.8 : 1.2, 'stroke-dasharray': which === 1 ? '4 3' : '',
          'class': 'lat-line', 'data-s': s.kind + (which === 1 ? ' p50' : ' p99') }, plot);
      });
    });
    selectable(svg, w);
  }

  function legend() {
    var holder = document.getElementById('legend');
    function swatch(colour, label, opacity) {
      var s = document.createElement('span');
      s.className = 'swatch';
      s.style.background = colour;
      if (opacity) { s.style.opacity = opacity; }
      holder.appendChild(s);
      holder.appendChild(document.createTextNode(label));
    }
    Object.keys(OUTCOME).forEach(function (o) { swatch(OUTCOME[o], o); });
    swatch(OUTCOME.unknown, 'never answered', 0.45);
    var kinds = {};
    data.faults.forEach(function (f) { kinds[f.kind] = true; });
    Object.keys(kinds).forEach(function (k) { swatch(FAULT[k] || '#888', k, 0.3); });
    holder.appendChild(document.createTextNode(' \u00b7 latency by kind:'));
    data.latency.forEach(function (s) { swatch(KIND[s.kind] || '#333', s.kind); });
    holder.appendChild(document.createTextNode(' (dashed p50, solid p99 per '
      + data.bucketMs / 1000 + ' s; dots: single operations)'));
  }

  function describe(target) {
    var i = target.getAttribute('data-i');
    if (i !== null) {
      var op = data.ops[+i];
      var lines = [rowLabel(op[0]) + ': ' + op[1] + (op[5] !== null ? ' ' + op[5] : '')
        + (op[6] !== null ? (op[1] === 'APPEND' ? ' ' : ' = ') + op[6] : ''),
        'outcome ' + op[4] + (op[3] === null ? ', never answered'
          : ', latency ' + (op[3] - op[2]).toFixed(1) + ' ms'),
        seconds(op[2]) + ' .. ' + (op[3] === null ? 'never' : seconds(op[3]))];
      if (op[7] !== null) { lines.push((op[1] === 'GET' ? 'read ' : 'answer ') + op[7]); }
      return lines.join('\n');
    }
    var f = target.getAttribute('data-f');
    if (f !== null) {
      var fault = data.faults[+f];
      return fault.label + '\n' + seconds(fault.from) + ' .. ' + seconds(fault.to)
        + (fault.note ? '\n' + fault.note : '');
    }
    var l = target.getAttribute('data-l');
    if (l !== null) {
      var leader = data.leaders[+l];
      return 'node ' + leader.node + ' leads term ' + leader.term + '\nseen at '
        + seconds(leader.at) + ' (polled; a lower bound)';
    }
    var s = target.getAttribute('data-s');
    return s !== null ? s + ' latency' : null;
  }

  document.addEventListener('mousemove', function (event) {
    var about = event.target.getAttribute ? describe(event.target) : null;
    if (about === null) { tooltip.style.display = 'none'; return; }
    tooltip.textContent = about;
    tooltip.style.display = 'block';
    var left = Math.min(event.clientX + 14, window.innerWidth - tooltip.offsetWidth - 8);
    tooltip.style.left = Math.max(0, left) + 'px';
    tooltip.style.top = (event.clientY + 14) + 'px';
  });

  function selectable(svg, w) {
    var start = null, box = null;
    svg.addEventListener('mousedown', function (event) {
      if (event.button !== 0) { return; }
      var px = event.clientX - svg.getBoundingClientRect().left;
      if (px < LEFT) { return; }
      start = px;
      box = el('rect', { x: px, y: 0, width: 0, height: svg.getAttribute('height'),
        'class': 'selection' }, svg);
      event.preventDefault();
    });
    svg.addEventListener('mousemove', function (event) {
      if (start === null) { return; }
      var px = event.clientX - svg.getBoundingClientRect().left;
      box.setAttribute('x', Math.min(start, px));
      box.setAttribute('width', Math.abs(px - start));
    });
    svg.addEventListener('mouseup', function (event) {
      if (start === null) { return; }
      var px = event.clientX - svg.getBoundingClientRect().left;
      var a = timeAt(Math.min(start, px), w), b = timeAt(Math.max(start, px), w);
      start = null;
      if (Math.abs(px - (+box.getAttribute('x'))) > 4 && b - a >= 1) {
        setView(a, b);
      } else {
        box.remove();
      }
    });
  }

  function setView(from, to) {
    var span = Math.max(1, Math.min(end, to - from));
    from = Math.max(0, Math.min(from, end - span));
    view = { from: from, to: from + span };
    draw();
  }

  function zoom(factor) {
    var mid = (view.from + view.to) / 2, span = (view.to - view.from) * factor;
    setView(mid - span / 2, mid + span / 2);
  }

  function draw() {
    var w = width();  // once, so both plots share one time axis
    drawTimeline(w);
    drawLatency(w);
    document.getElementById('range').textContent = seconds(view.from) + ' .. '
      + seconds(view.to) + ' of ' + seconds(end);
  }

  document.getElementById('zoom-in').addEventListener('click', function () { zoom(0.5); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoom(2); });
  document.getElementById('zoom-reset').addEventListener('click', function () {
    setView(0, end);
  });
  var resizing = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizing);
    resizing = setTimeout(draw, 150);
  });
  legend();
  draw();
  document.body.setAttribute('data-drawn', data.ops.length);
}());
