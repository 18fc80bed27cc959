/* The map workbench: edit the map in place. Enhances the server-rendered map in edit mode; without
   this file the map's forms and links and the edit pages do everything. Talks to /api/v1 with the
   session and the page's CSRF token. Every edit sends the version it is based on; a stale one shows
   the other person's value beside yours to choose from. Cells carry no ids: a cell's step is the
   step header over its column, its field the row's data-field (a 300-step map has ~3,600 cells). */
(function () {
  'use strict';
  var LONG = {action: 1, thoughts: 1, need: 1, backstage_people: 1, backstage_policies: 1, backstage_systems: 1, goal: 1};
  var SCORES = {emotion: 1, employee_emotion: 1};
  var words = {}, token = '', journey = '', open = null;

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function table() { return $('table.map--editing'); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function api(method, url, body) {
    return fetch('/api/v1' + url, {
      method: method, credentials: 'same-origin',
      /* The page's language: the API answers the page's own (session) calls' messages in it. */
      headers: {'Content-Type': 'application/json', 'X-CSRFToken': token, 'Accept': 'application/json',
                'Accept-Language': document.documentElement.lang || 'en'},
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) { return {status: r.status, data: data}; });
    });
  }
  function problem(res) {
    var e = res.data && res.data.error;
    if (!e) return words.failed;
    var f = e.details && e.details.fields;
    return f ? Object.keys(f).map(function (k) { return f[k]; }).join(' ') : e.message;
  }
  function say(text) { var live = $('#map-live'); if (live) live.textContent = text; }

  /* ---- where a cell belongs ------------------------------------------------------------- */
  function stepOf(cell) {
    var th = cell.closest('th[data-step-id]');
    if (th) return th.dataset.stepId;
    var head = $('table.map tr.step-row').cells[cell.cellIndex];
    return head && head.dataset.stepId;
  }
  function fieldOf(cell) { return cell.dataset.field || cell.dataset.phaseField || cell.parentNode.dataset.field; }
  function cellFor(id, field) {
    var head = document.getElementById('step-' + id);
    if (field === 'title') return $('.step__head', head);
    var row = $('table.map tr[data-field="' + field + '"]');
    return row && head && row.cells[head.cellIndex];
  }
  function editable(target) {
    var c = target.closest('table.map--editing .step__head, table.map--editing [data-phase-field], table.map--editing tr[data-field] > td');
    return c && (c.dataset.phaseField || stepOf(c)) ? c : null;
  }
  function markCells() {
    $$('table.map--editing tr[data-field] > td').forEach(function (td) { if (stepOf(td)) td.tabIndex = 0; });
    table().classList.add('map--js');  // the picker and the curve take over from the score forms
  }

  /* ---- the map again from the server, keeping the scroll position ---------------------- */
  function refresh() {
    var box = $('#map'), left = box.scrollLeft, top = box.scrollTop;
    return fetch(location.pathname, {credentials: 'same-origin'}).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      ['#map', '.curve-values'].forEach(function (sel) {
        var fresh = $(sel, doc), old = $(sel);
        if (fresh && old) old.replaceWith(fresh);
      });
      box = $('#map'); box.scrollLeft = left; box.scrollTop = top;
      markCells();
    });
  }

  /* ---- one cell in place --------------------------------------------------------------- */
  function holder(cell) {
    return cell.dataset.phaseField ? cell.closest('th.phase') : document.getElementById('step-' + stepOf(cell));
  }
  function urlOf(cell, field) {
    return cell.dataset.phaseField ? '/phases/' + holder(cell).dataset.phase + '/cells/' + field
      : '/steps/' + stepOf(cell) + '/cells/' + field;
  }
  function rawValue(cell) {
    var v = $('.cell__value', cell);
    return !v ? '' : (v.dataset.raw !== undefined ? v.dataset.raw : v.textContent);
  }
  function typed(field, value) {
    if (!SCORES[field] || typeof value !== 'string') return value;
    value = value.trim().replace('\u2212', '-').replace('+', '');
    return value === '' ? null : (isNaN(+value) ? value : +value);
  }
  function applyCell(cell, data) {
    var head = holder(cell);
    head.dataset.version = data.version;
    var hidden = $('#step-form-' + data.id + ' input[name=version]');
    if (hidden) hidden.value = data.version;
    if (cell.dataset.phaseField) { $('.cell__value', cell).textContent = data.value; return; }
    Object.keys(data.cells || {}).forEach(function (name) {
      var target = cellFor(data.id, name);
      if (target && name === 'emotion') target = $('.score__value', target);  // the no-JS form stays beside it
      if (target) target[name === 'emotion' ? 'outerHTML' : 'innerHTML'] = data.cells[name];
    });
    if (data.field === 'emotion' || data.field === 'marker') {
      cellFor(data.id, 'emotion').dataset[data.field] = data.value === null ? '' : data.value;
      var select = $('#' + data.field + '-' + data.id);
      if (select) select.value = data.value === null ? '' : data.value;
    }
    var svg = $('.curve-cell svg'), values = $('#map-curve-values');
    if (data.curve && svg) svg.outerHTML = data.curve;
    if (data.curve_values && values) {  // the curve as text, which its picture points to
      values.replaceChildren.apply(values, data.curve_values.map(function (text) {
        var li = document.createElement('li'); li.textContent = text; return li;
      }));
    }
  }
  function save(cell, value, version, field) {
    field = field || fieldOf(cell);
    value = typed(field, value);
    return api('PATCH', urlOf(cell, field), {value: value, version: version}).then(function (res) {
      var old = $('.cell-error', cell);
      if (old) old.remove();
      if (res.status === 200) { applyCell(cell, res.data); say(words.saved); return true; }
      if (res.status === 409) { conflict(cell, field, value, res.data.error.details); return false; }
      var err = cell.appendChild(el('span', 'cell-error', problem(res)));
      err.setAttribute('role', 'alert');
      return false;
    });
  }
  function conflict(cell, field, mine, details) {
    var box = el('span', 'cell-conflict');
    box.setAttribute('role', 'alert');
    box.appendChild(el('strong', '', words.conflict));
    [[words.theirs, details.current_value], [words.yours, mine]].forEach(function (pair) {
      box.appendChild(el('br'));
      box.appendChild(el('span', 'cell-conflict__value', pair[0] + ' ' + (pair[1] === null || pair[1] === '' ? '—' : pair[1])));
    });
    box.appendChild(el('br'));
    [[words.keepTheirs, function () { refresh(); }],
     [words.useMine, function () { save(cell, mine, details.current_version, field).then(function (ok) { if (ok) box.remove(); }); }]
    ].forEach(function (pair) {
      var b = el('button', '', pair[0]);
      b.type = 'button';
      b.addEventListener('click', function (e) { e.stopPropagation(); pair[1](); });
      box.appendChild(b);
    });
    cell.appendChild(box);
  }
  function edit(cell, selectAll) {
    if (open && open.cell === cell) return;
    if (open) finish(true);
    var field = fieldOf(cell), editor = el(LONG[field] ? 'textarea' : 'input', 'cell-editor');
    editor.value = rawValue(cell);
    editor.setAttribute('aria-label', (words.editingField || {})[field] || words.editing);
    open = {cell: cell, editor: editor, before: cell.innerHTML, version: +holder(cell).dataset.version, value: editor.value};
    cell.classList.add('cell--editing');
    cell.innerHTML = '';
    cell.appendChild(editor);
    editor.focus();
    if (selectAll) editor.select();
    editor.addEventListener('keydown', keys);
    editor.addEventListener('blur', function () { if (open && open.editor === editor) finish(true); });
  }
  function finish(keep) {
    var o = open;
    open = null;
    if (!o) return;
    o.cell.classList.remove('cell--editing');
    o.cell.innerHTML = o.before;
    if (keep && o.editor.value !== o.value) save(o.cell, o.editor.value, o.version);
  }
  function keys(e) {
    var cell = open && open.cell;
    if (!cell) return;
    if (e.key === 'Escape') { e.preventDefault(); finish(false); if (cell.tabIndex >= 0) cell.focus(); }
    else if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); finish(true); }
    else if (e.key === 'Tab') {
      var all = $$('.step__head, [data-phase-field], td', cell.closest('tr')).filter(editable);
      var next = all[all.indexOf(cell) + (e.shiftKey ? -1 : 1)];
      if (!next) return;
      e.preventDefault(); finish(true); edit(next);
    }
  }

  /* ---- emotion and marker: one click on the score row or the curve, or one key ---------- */
  function setScore(id, field, value) {
    var cell = cellFor(id, 'emotion');
    return save(cell, value, +holder(cell).dataset.version, field);
  }
  function picker(cell) {
    if ($('.score-picker', cell)) return;
    var box = el('span', 'score-picker');
    [[2, '+2'], [1, '+1'], [0, '0'], [-1, '−1'], [-2, '−2'], [null, '—']].forEach(function (s) {
      add(words.emotion, s[1], 'emotion', s[0], String(s[0]) === cell.dataset.emotion);
    });
    [['heart', '♥'], ['thundercloud', '☁'], [null, '∅']].forEach(function (m) {
      add(words.marker, m[1], 'marker', m[0], m[0] === cell.dataset.marker);
    });
    function add(what, label, field, value, pressed) {
      var b = el('button', '', label);
      b.type = 'button';
      b.setAttribute('aria-pressed', pressed ? 'true' : 'false');
      b.setAttribute('aria-label', what + ' ' + label);
      b.addEventListener('click', function (e) { e.stopPropagation(); box.remove(); setScore(stepOf(cell), field, value); });
      box.appendChild(b);
    }
    cell.appendChild(box);
  }
  function scoreKey(cell, e) {
    var now = cell.dataset.emotion === '' ? null : +cell.dataset.emotion, k = e.key, id = stepOf(cell), emotion;
    if (k === 'ArrowUp') emotion = now === null ? 0 : Math.min(2, now + 1);
    else if (k === 'ArrowDown') emotion = now === null ? 0 : Math.max(-2, now - 1);
    else if (/^[0-2]$/.test(k)) emotion = +k;
    else if (k === 'Delete' || k === 'Backspace') emotion = null;
    else if (k === 'h' || k === 't' || k === 'n') {
      e.preventDefault();
      return setScore(id, 'marker', {h: 'heart', t: 'thundercloud', n: null}[k]);
    } else if (k === 'Enter' || k === ' ') { e.preventDefault(); return picker(cell); } else return;
    e.preventDefault();
    setScore(id, 'emotion', emotion);
  }
  function curveClick(e, td) {
    var svg = $('svg', td);
    if (!svg) return;
    var box = svg.getBoundingClientRect(), slots = $$('tr.step-row > :not(.lane)');
    var slot = slots[Math.floor((e.clientX - box.left) / (box.width / slots.length))];
    if (!slot || !slot.dataset.stepId) return;
    var score = Math.round(2 - (e.clientY - box.top - td.dataset.curveTop) * 4 / td.dataset.curvePlot);
    setScore(slot.dataset.stepId, 'emotion', Math.max(-2, Math.min(2, score)));
  }

  /* ---- steps and phases: add in place, move by keyboard or drag ------------------------- */
  function add(link) {
    var step = link.classList.contains('add-step');
    var url = step ? '/phases/' + link.dataset.phase + '/steps' : '/journeys/' + journey + '/phases';
    api('POST', url, {title: step ? words.newStep : words.newPhase, position: +link.dataset.position}).then(function (res) {
      if (res.status !== 201) return say(problem(res));
      refresh().then(function () {
        var title = step ? $('#step-' + res.data.id + ' .step__head') : $('#phase-' + res.data.id + ' .phase__title');
        if (title) edit(title, true);
      });
    });
  }
  function stepsOf(phase) { return $$('tr.step-row th[data-step-id][data-phase="' + phase + '"]'); }
  function phaseIds() { return $$('tr.phase-row th[data-phase]').map(function (th) { return th.dataset.phase; }); }
  function move(head, url, body, focus) {
    body.version = +head.dataset.version;
    api('PATCH', url, body).then(function (res) {
      refresh().then(function () {
        var h = $(focus);
        if (h) h.focus();
        say(res.status === 200 ? words.moved : (res.status === 409 ? words.conflict : problem(res)));
      });
    });
  }
  function moveStep(head, phase, position) {
    move(head, '/steps/' + head.dataset.stepId, {phase_id: phase, position: position}, '#step-' + head.dataset.stepId);
  }
  function movePhase(th, position) {
    move(th, '/phases/' + th.dataset.phase, {position: position}, '#phase-' + th.dataset.phase);
  }
  function stepKey(head, e) {
    var phases = phaseIds(), p = phases.indexOf(head.dataset.phase), pos = +head.dataset.position;
    var count = stepsOf(head.dataset.phase).length, last = phases.length - 1, k = e.key, target = null;
    var endOfPrevious = p > 0 ? [phases[p - 1], stepsOf(phases[p - 1]).length] : null;
    var startOfNext = p < last ? [phases[p + 1], 0] : null;
    if (k === 'ArrowLeft') target = pos > 0 ? [phases[p], pos - 1] : endOfPrevious;
    else if (k === 'ArrowRight') target = pos < count - 1 ? [phases[p], pos + 1] : startOfNext;
    else if (k === 'ArrowUp') target = endOfPrevious;
    else if (k === 'ArrowDown') target = startOfNext;
    else return;
    e.preventDefault();
    if (target) moveStep(head, target[0], target[1]);
  }
  function phaseKey(th, e) {
    var pos = +th.dataset.position;
    if (e.key === 'ArrowLeft' && pos > 0) movePhase(th, pos - 1);
    else if (e.key === 'ArrowRight' && pos < phaseIds().length - 1) movePhase(th, pos + 1);
    else return;
    e.preventDefault();
  }
  /* ---- drag and drop (the browser's own, HTML5): a step to another place or phase, a phase to
     another place. Nothing moves on the page while dragging: a marker shows where it would land,
     and the drop sends the same request as the keyboard. Esc or a drop off the map changes nothing. */
  var NO_DRAG = 'input, textarea, select, button, a, .step__head';  // a press here edits or follows a link
  var drag = null, pressed = null, marker = null;
  function headOf(t) { return t.closest && t.closest('table.map--editing th[data-step-id], table.map--editing th[data-phase]'); }
  function column(items, x) {
    return items.filter(function (c) { var r = c.getBoundingClientRect(); return x >= r.left && x < r.right; })[0];
  }
  /* Where a drop at this event would put what is dragged: {phase, position, x: the marker's edge, into: the
     empty column's box}, null off the map, or {} over the dragged thing itself (no move). */
  function slotAt(e) {
    if (!e.target.closest || !e.target.closest('table.map--editing') || e.target.closest('.lane')) return null;
    var step = drag.head.dataset.stepId, row = step ? 'tr.step-row > th[data-step-id], tr.step-row > td.step--empty' : 'tr.phase-row > th[data-phase]';
    var c = column($$(row), e.clientX);
    if (!c) return null;
    if (c === drag.head) return {};
    var r = c.getBoundingClientRect(), after = e.clientX >= r.left + r.width / 2, phase = c.dataset.phase;
    if (step && !c.dataset.stepId) return {phase: phase, position: 0, into: r};
    var others = (step ? stepsOf(phase) : $$('tr.phase-row th[data-phase]')).filter(function (h) { return h !== drag.head; });
    return {phase: phase, position: others.indexOf(c) + (after ? 1 : 0), x: after ? r.right : r.left};
  }
  function showMarker(slot) {
    if (!marker) { marker = document.body.appendChild(el('div', 'drop-marker')); marker.setAttribute('aria-hidden', 'true'); }
    var box = $('#map').getBoundingClientRect(), t = table().getBoundingClientRect();
    var top = Math.max(box.top, t.top), bottom = Math.min(box.bottom, t.bottom);
    marker.hidden = !slot || slot.position === undefined;
    if (marker.hidden) return;
    marker.classList.toggle('drop-marker--into', !!slot.into);
    marker.style.left = (slot.into ? slot.into.left : Math.min(Math.max(slot.x, box.left), box.right - 2)) + 'px';  // a wide phase's edge may be out of view
    marker.style.width = slot.into ? slot.into.width + 'px' : '';
    marker.style.top = top + 'px';
    marker.style.height = (bottom - top) + 'px';
  }
  function endDrag() {
    if (!drag) return;
    drag.head.classList.remove('drag-source');
    drag = null;
    showMarker(null);
  }
  function press(e) {  // a header drags unless pressed on its title or a control
    var head = headOf(e.target);
    pressed = head && !e.target.closest(NO_DRAG) ? head : null;
    if (head) head.draggable = !!pressed;
  }
  function dragStart(e) {
    var head = pressed;
    if (!head || !head.contains(e.target)) return;  // a link pressed drags as the browser likes; it lands nowhere here
    if (head !== e.target) {  // pressed beside a link, the browser may pick the link: the header it is
      var r = head.getBoundingClientRect();
      e.dataTransfer.clearData();
      e.dataTransfer.setDragImage(head, e.clientX - r.left, e.clientY - r.top);
    }
    if (open) finish(true);
    drag = {head: head};
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData('application/x-insightrepo-' + (head.dataset.stepId ? 'step' : 'phase'), head.id);  // not text: a field dropped on stays as it was
    setTimeout(function () { if (drag && drag.head === head) head.classList.add('drag-source'); });  // after the browser's picture of it
  }
  function dragOver(e) {
    if (!drag) return;
    var slot = slotAt(e);
    showMarker(slot);
    if (!slot) return;  // off the map: no drop here
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
  }
  function drop(e) {
    if (!drag) return;
    e.preventDefault();
    var head = drag.head, slot = slotAt(e) || {};
    endDrag();
    if (slot.position === undefined) return;
    if (head.dataset.stepId) {
      if (slot.phase !== head.dataset.phase || slot.position !== +head.dataset.position) moveStep(head, slot.phase, slot.position);
    } else if (slot.position !== +head.dataset.position) movePhase(head, slot.position);
  }

  /* ---- wiring: listeners on the document, so a refreshed map needs none of its own ------ */
  function init() {
    var t = table();
    if (!t) return;
    words = JSON.parse(t.dataset.words || '{}');
    journey = t.dataset.journey;
    token = ($('input[name=csrf_token]') || {}).value || '';
    var live = el('p', 'visually-hidden');
    live.id = 'map-live';
    live.setAttribute('aria-live', 'polite');
    document.body.appendChild(live);
    document.addEventListener('click', function (e) {
      var t = e.target;
      if (!table() || !t.closest('table.map--editing, .add-phase')) return;
      var link = t.closest('.add-step, .add-phase');
      if (link) { e.preventDefault(); return add(link); }
      if (t.closest('a, button, input, textarea, select, .cell-conflict, .score-picker')) return;
      var curve = t.closest('.curve-cell');
      if (curve) return curveClick(e, curve);
      var cell = editable(t);
      if (!cell || cell.classList.contains('cell--editing')) return;
      if (fieldOf(cell) === 'emotion') picker(cell); else edit(cell);
    });
    document.addEventListener('keydown', function (e) {
      var t = e.target;
      if (!t.closest || !t.closest('table.map--editing') || /INPUT|TEXTAREA|SELECT|BUTTON/.test(t.tagName)) return;
      if (t.matches('th[data-step-id]')) {
        if (e.altKey) return stepKey(t, e);
        if (e.key === 'Enter') { e.preventDefault(); edit($('.step__head', t)); }
      } else if (t.matches('th[data-phase]')) {
        if (e.altKey) return phaseKey(t, e);
        if (e.key === 'Enter') { e.preventDefault(); edit($('.phase__title', t)); }
      } else if (editable(t)) {
        if (fieldOf(t) === 'emotion') return scoreKey(t, e);
        if (e.key === 'Enter') { e.preventDefault(); edit(t); }
      }
    });
    document.addEventListener('pointerdown', press, true);
    document.addEventListener('dragstart', dragStart);
    document.addEventListener('dragover', dragOver);
    document.addEventListener('drop', drop);
    document.addEventListener('dragend', endDrag);
    markCells();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
