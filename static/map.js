/* The map workbench (issue 22): edit the map in place. Enhances the server-rendered map in edit
   mode; without this file the forms and links on the map and its edit pages do everything.
   Talks to /api/v1 with the session and the page's CSRF token; every edit sends the version it
   is based on, and a stale one shows the other person's value beside yours to choose from. */
(function () {
  'use strict';
  var LONG = {action: 1, thoughts: 1, need: 1, backstage_people: 1, backstage_policies: 1, backstage_systems: 1, goal: 1};
  var words = {}, token = '', journey = '';

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function table() { return $('table.map--editing'); }

  function api(method, url, body) {
    return fetch('/api/v1' + url, {
      method: method, credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRFToken': token, 'Accept': 'application/json'},
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
  function say(text) {
    var live = $('#map-live');
    if (live) live.textContent = text;
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
      table().classList.add('map--js');
      sortables();
    });
  }

  /* ---- one cell in place --------------------------------------------------------------- */
  function versionOf(cell) {
    var phase = cell.closest('th.phase');
    if (cell.dataset.phaseField) return +phase.dataset.version;
    return +document.getElementById('step-' + cell.dataset.step).dataset.version;
  }
  function setVersion(cell, version) {
    if (cell.dataset.phaseField) { cell.closest('th.phase').dataset.version = version; return; }
    var id = cell.dataset.step, head = document.getElementById('step-' + id);
    head.dataset.version = version;
    var hidden = $('#step-form-' + id + ' input[name=version]');
    if (hidden) hidden.value = version;
  }
  function rawValue(cell) {
    var v = $('.cell__value', cell);
    return v ? v.textContent : '';
  }
  function urlOf(cell, field) {
    return cell.dataset.phaseField ? '/phases/' + cell.closest('th.phase').dataset.phase + '/cells/' + field
      : '/steps/' + cell.dataset.step + '/cells/' + field;
  }

  function applyCell(cell, data) {
    setVersion(cell, data.version);
    if (cell.dataset.phaseField) {
      cell.innerHTML = '';
      var span = document.createElement('span');
      span.className = 'cell__value'; span.textContent = data.value;
      cell.appendChild(span);
    }
    Object.keys(data.cells || {}).forEach(function (name) {
      var target = $('[data-step="' + data.id + '"][data-field="' + name + '"]');
      if (target && name === 'emotion') target = $('.score__value', target);  // keeps the no-JS form beside it
      if (target) target[name === 'emotion' ? 'outerHTML' : 'innerHTML'] = data.cells[name];
    });
    var select = $('#' + data.field + '-' + data.id);
    if (select) select.value = data.value === null ? '' : data.value;
    if (data.field === 'emotion' || data.field === 'marker') {
      var score = $('td.score[data-field=emotion][data-step="' + data.id + '"]');
      score.dataset[data.field] = data.value === null ? '' : data.value;
    }
    if (data.curve) {
      var svg = $('.curve-cell svg');
      if (svg) svg.outerHTML = data.curve;
    }
  }

  function save(cell, value, version, field) {
    field = field || cell.dataset.field || cell.dataset.phaseField;
    return api('PATCH', urlOf(cell, field), {value: value, version: version}).then(function (res) {
      if (res.status === 200) { applyCell(cell, res.data); say(words.saved); return true; }
      if (res.status === 409) { conflict(cell, field, value, res.data.error.details); return false; }
      cell.classList.add('cell--editing');
      var err = $('.cell-error', cell) || cell.appendChild(document.createElement('span'));
      err.className = 'cell-error'; err.setAttribute('role', 'alert'); err.textContent = problem(res);
      return false;
    });
  }

  function conflict(cell, field, mine, details) {
    var box = document.createElement('span');
    box.className = 'cell-conflict'; box.setAttribute('role', 'alert');
    function line(label, value) {
      var p = document.createElement('span');
      p.textContent = label + ' ' + (value === null || value === '' ? '—' : value);
      p.className = 'cell-conflict__value'; box.appendChild(p); box.appendChild(document.createElement('br'));
    }
    var head = document.createElement('strong'); head.textContent = words.conflict; box.appendChild(head);
    box.appendChild(document.createElement('br'));
    line(words.theirs, details.current_value); line(words.yours, mine);
    function button(label, act) {
      var b = document.createElement('button'); b.type = 'button'; b.textContent = label;
      b.addEventListener('click', function (e) { e.stopPropagation(); act(); }); box.appendChild(b);
    }
    button(words.keepTheirs, function () { refresh(); });
    button(words.useMine, function () {
      save(cell, mine, details.current_version, field).then(function (ok) { if (ok) box.remove(); });
    });
    cell.appendChild(box);
  }

  var open = null;  // {cell, editor, before}
  function edit(cell, selectAll) {
    if (open && open.cell === cell) return;
    if (open) finish(true);
    var field = cell.dataset.field || cell.dataset.phaseField;
    var editor = document.createElement(LONG[field] ? 'textarea' : 'input');
    editor.className = 'cell-editor';
    editor.value = rawValue(cell);
    editor.setAttribute('aria-label', words.editing + ' ' + field);
    open = {cell: cell, editor: editor, before: cell.innerHTML, version: versionOf(cell), value: editor.value};
    cell.classList.add('cell--editing');
    cell.innerHTML = ''; cell.appendChild(editor);
    editor.focus();
    if (selectAll) editor.select();
    editor.addEventListener('keydown', keys);
    editor.addEventListener('blur', function () { if (open && open.editor === editor) finish(true); });
  }
  function finish(keep, then) {
    var o = open; open = null;
    if (!o) return;
    var value = o.editor.value;
    o.cell.classList.remove('cell--editing');
    o.cell.innerHTML = o.before;
    if (keep && value !== o.value) {
      save(o.cell, value, o.version).then(function () { if (then) then(); });
    } else if (then) then();
  }
  function neighbour(cell, step) {
    var row = cell.closest('tr'), all = $$('[data-field], [data-phase-field]', row);
    return all[all.indexOf(cell) + step];
  }
  function keys(e) {
    var cell = open && open.cell;
    if (!cell) return;
    if (e.key === 'Escape') { e.preventDefault(); finish(false); cell.focus && cell.focus(); }
    else if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); finish(true); }
    else if (e.key === 'Tab') {
      var next = neighbour(cell, e.shiftKey ? -1 : 1);
      if (!next) return;
      e.preventDefault(); finish(true); edit(next);
    }
  }

  /* ---- emotion and marker: one click on the score row or the curve, or one key ---------- */
  function setScore(stepId, field, value) {
    var cell = $('td.score[data-field=emotion][data-step="' + stepId + '"]');
    return save(cell, value, versionOf(cell), field);
  }
  function picker(cell) {
    if ($('.score-picker', cell)) return;
    var box = document.createElement('span'); box.className = 'score-picker';
    [[2, '+2'], [1, '+1'], [0, '0'], [-1, '−1'], [-2, '−2'], ['', '—']].forEach(function (s) {
      add(s[1], 'emotion', s[0], String(s[0]) === cell.dataset.emotion);
    });
    [['heart', '♥'], ['thundercloud', '☁'], ['', '∅']].forEach(function (m) {
      add(m[1], 'marker', m[0], m[0] === cell.dataset.marker);
    });
    function add(label, field, value, pressed) {
      var b = document.createElement('button'); b.type = 'button'; b.textContent = label;
      b.setAttribute('aria-pressed', pressed ? 'true' : 'false');
      b.setAttribute('aria-label', (field === 'emotion' ? words.emotion : words.marker) + ' ' + (label));
      b.addEventListener('click', function (e) {
        e.stopPropagation(); box.remove(); setScore(cell.dataset.step, field, value === '' ? null : value);
      });
      box.appendChild(b);
    }
    cell.appendChild(box);
  }
  function scoreKey(cell, e) {
    var now = cell.dataset.emotion === '' ? null : +cell.dataset.emotion, id = cell.dataset.step;
    var k = e.key, emotion;
    if (k === 'ArrowUp') emotion = Math.min(2, (now === null ? 0 : now + 1));
    else if (k === 'ArrowDown') emotion = Math.max(-2, (now === null ? 0 : now - 1));
    else if (/^[0-2]$/.test(k)) emotion = +k;
    else if (k === 'Delete' || k === 'Backspace') emotion = null;
    else if (k === 'h' || k === 't' || k === 'n') {
      e.preventDefault();
      return setScore(id, 'marker', k === 'h' ? 'heart' : (k === 't' ? 'thundercloud' : null));
    } else if (k === 'Enter' || k === ' ') { e.preventDefault(); return picker(cell); } else return;
    e.preventDefault();
    setScore(id, 'emotion', emotion);
  }
  function curveClick(e) {
    var svg = $('.curve-cell svg'), td = e.target.closest('.curve-cell');
    if (!svg) return;
    var box = svg.getBoundingClientRect(), slots = $$('tr.step-row > :not(.lane)');
    var index = Math.floor((e.clientX - box.left) / (box.width / slots.length));
    var slot = slots[index];
    if (!slot || !slot.dataset.stepId) return;
    var top = +td.dataset.curveTop, plot = +td.dataset.curvePlot;
    var score = Math.round(2 - (e.clientY - box.top - top) * 4 / plot);
    setScore(slot.dataset.stepId, 'emotion', Math.max(-2, Math.min(2, score)));
  }

  /* ---- steps and phases: add in place, move by keyboard or drag ------------------------- */
  function addStep(link) {
    api('POST', '/phases/' + link.dataset.phase + '/steps', {title: words.newStep, position: +link.dataset.position})
      .then(function (res) {
        if (res.status !== 201) { say(problem(res)); return; }
        refresh().then(function () {
          var title = $('#step-' + res.data.id + ' .step__head');
          if (title) edit(title, true);
        });
      });
  }
  function addPhase(link) {
    api('POST', '/journeys/' + journey + '/phases', {title: words.newPhase, position: +link.dataset.position})
      .then(function (res) {
        if (res.status !== 201) { say(problem(res)); return; }
        refresh().then(function () {
          var title = $('#phase-' + res.data.id + ' .phase__title');
          if (title) edit(title, true);
        });
      });
  }
  function stepsOf(phaseId) { return $$('tr.step-row th[data-step-id][data-phase="' + phaseId + '"]'); }
  function phaseIds() { return $$('tr.phase-row th[data-phase]').map(function (th) { return th.dataset.phase; }); }
  function moveStep(head, phaseId, position) {
    var id = head.dataset.stepId;
    api('PATCH', '/steps/' + id, {phase_id: phaseId, position: position, version: +head.dataset.version}).then(function (res) {
      if (res.status !== 200) say(res.status === 409 ? words.conflict : problem(res));
      refresh().then(function () { var h = $('#step-' + id); if (h) h.focus(); say(res.status === 200 ? words.moved : problem(res)); });
    });
  }
  function stepKey(head, e) {
    var phases = phaseIds(), p = phases.indexOf(head.dataset.phase), pos = +head.dataset.position;
    var count = stepsOf(head.dataset.phase).length, target = null;
    if (e.key === 'ArrowLeft') target = pos > 0 ? [phases[p], pos - 1] : (p > 0 ? [phases[p - 1], stepsOf(phases[p - 1]).length] : null);
    else if (e.key === 'ArrowRight') target = pos < count - 1 ? [phases[p], pos + 1] : (p < phases.length - 1 ? [phases[p + 1], 0] : null);
    else if (e.key === 'ArrowUp') target = p > 0 ? [phases[p - 1], stepsOf(phases[p - 1]).length] : null;
    else if (e.key === 'ArrowDown') target = p < phases.length - 1 ? [phases[p + 1], 0] : null;
    else return;
    e.preventDefault();
    if (target) moveStep(head, target[0], target[1]);
  }
  function movePhase(th, position) {
    var id = th.dataset.phase;
    api('PATCH', '/phases/' + id, {position: position, version: +th.dataset.version}).then(function (res) {
      refresh().then(function () { var h = $('#phase-' + id); if (h) h.focus(); say(res.status === 200 ? words.moved : problem(res)); });
    });
  }
  function phaseKey(th, e) {
    var pos = +th.dataset.position;
    if (e.key === 'ArrowLeft' && pos > 0) movePhase(th, pos - 1);
    else if (e.key === 'ArrowRight' && pos < phaseIds().length - 1) movePhase(th, pos + 1);
    else return;
    e.preventDefault();
  }
  function sortables() {
    if (!window.Sortable || !table()) return;
    var common = {forceFallback: true, fallbackTolerance: 4, filter: 'input, textarea, button, a, .cell__value', preventOnFilter: false};
    Sortable.create($('tr.step-row'), Object.assign({draggable: 'th[data-step-id]', onEnd: function (evt) {
      var item = evt.item, ev = evt.originalEvent || {}, x = ev.clientX;
      if (ev.changedTouches && ev.changedTouches[0]) x = ev.changedTouches[0].clientX;
      var phase = null;
      $$('tr.phase-row th[data-phase]').forEach(function (th) {
        var r = th.getBoundingClientRect();
        if (x !== undefined && x >= r.left && x < r.right) phase = th.dataset.phase;
      });
      if (!phase) { var prev = item.previousElementSibling; phase = (prev && prev.dataset.phase) || item.dataset.phase; }
      var before = 0;
      for (var n = item.previousElementSibling; n; n = n.previousElementSibling) {
        if (n.dataset.stepId && n.dataset.phase === phase) before++;
      }
      if (phase === item.dataset.phase && before === +item.dataset.position) return refresh();
      moveStep(item, phase, before);
    }}, common));
    Sortable.create($('tr.phase-row'), Object.assign({draggable: 'th[data-phase]', onEnd: function (evt) {
      var before = 0;
      for (var n = evt.item.previousElementSibling; n; n = n.previousElementSibling) if (n.dataset.phase) before++;
      if (before !== +evt.item.dataset.position) movePhase(evt.item, before); else refresh();
    }}, common));
  }

  /* ---- wiring: one listener each, on the document, so a refreshed map needs none --------- */
  function init() {
    var t = table();
    if (!t) return;
    t.classList.add('map--js');  // the picker and the curve take over from the score forms
    words = JSON.parse(t.dataset.words || '{}');
    journey = t.dataset.journey;
    token = ($('input[name=csrf_token]') || {}).value || '';
    var live = document.createElement('p');
    live.id = 'map-live'; live.className = 'visually-hidden'; live.setAttribute('aria-live', 'polite');
    document.body.appendChild(live);
    document.addEventListener('click', function (e) {
      if (!table()) return;
      var t = e.target;
      var add = t.closest('table.map--editing .add-step, .add-phase');
      if (add) { e.preventDefault(); return add.classList.contains('add-step') ? addStep(add) : addPhase(add); }
      if (t.closest('a, button, input, textarea, select, .cell-conflict, .score-picker')) return;
      var score = t.closest('table.map--editing td.score[data-field=emotion]');
      if (score) return picker(score);
      if (t.closest('table.map--editing .curve-cell')) return curveClick(e);
      var cell = t.closest('table.map--editing [data-field], table.map--editing [data-phase-field]');
      if (cell && !cell.classList.contains('cell--editing')) edit(cell);
    });
    document.addEventListener('keydown', function (e) {
      var t = e.target;
      if (!t.closest || !t.closest('table.map--editing') || /INPUT|TEXTAREA|SELECT|BUTTON/.test(t.tagName)) return;
      if (e.altKey && t.matches('th[data-step-id]')) return stepKey(t, e);
      if (e.altKey && t.matches('th[data-phase]')) return phaseKey(t, e);
      if (t.matches('td.score[data-field=emotion]')) return scoreKey(t, e);
      if (e.key === 'Enter' && t.matches('[data-field]')) { e.preventDefault(); edit(t); }
      if (e.key === 'Enter' && t.matches('th[data-step-id]')) { e.preventDefault(); edit($('.step__head', t)); }
      if (e.key === 'Enter' && t.matches('th[data-phase]')) { e.preventDefault(); edit($('.phase__title', t)); }
    });
    sortables();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
