// The Sluice console: executions, live, and one execution's graph and history.
// Everything comes from this local cloud's /console/api/; nothing is loaded from elsewhere.
'use strict';

const view = document.getElementById('view');
const live = document.getElementById('live');
const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];
const OUTCOMES = ['confirmed', 'rejected', 'failed', 'timed out', 'aborted', 'running'];
const POLL_MS = 1000;

// Builds an element; strings become text nodes (never HTML).
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'className') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

function setLive(ok) {
  live.className = 'live ' + (ok ? 'on' : 'off');
  live.textContent = ok ? 'live' : 'disconnected';
}

async function api(path) {
  const response = await fetch('/console/api/' + path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  const body = await response.json();
  if (!response.ok) throw new Error((body.__type || response.status) + ': ' + (body.message || ''));
  return body;
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '';
  if (seconds < 1) return Math.round(seconds * 1000) + ' ms';
  if (seconds < 60) return seconds.toFixed(seconds < 10 ? 2 : 1) + ' s';
  const m = Math.floor(seconds / 60), s = Math.round(seconds % 60);
  return m < 60 ? `${m} min ${s} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

function time(ms) {
  if (!ms) return '';
  const d = new Date(ms);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

function pretty(text) {
  if (text === null || text === undefined) return '';
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return String(text); }
}

let stopCurrent = () => {};

function route() {
  stopCurrent();
  stopCurrent = () => {};
  const hash = location.hash || '#/';
  const m = hash.match(/^#\/execution\/(.+)$/);
  const f = hash.match(/^#\/functions(?:\/(.+))?$/);
  const o = hash.match(/^#\/order(?:\/(.*))?$/);
  if (m) showExecution(decodeURIComponent(m[1]));
  else if (o) showOrder(o[1] ? decodeURIComponent(o[1]) : '');
  else if (f) showFunctions(f[1] ? decodeURIComponent(f[1]) : null);
  else showList(new URLSearchParams(hash.replace(/^#\/?\??/, '')));
}

window.addEventListener('hashchange', route);

// ---- The list of executions ----

function showList(params) {
  const state = {
    status: params.get('status') || '',
    outcome: params.get('outcome') || '',
    q: params.get('q') || '',
    from: params.get('from') || '',
    to: params.get('to') || '',
    offset: Math.max(0, parseInt(params.get('offset') || '0', 10) || 0),
    limit: 50,
    cursor: null,
    timer: null,
    stopped: false,
    page: null,
    clockSkew: 0,
  };

  const statusSelect = h('select', { 'data-testid': 'status-filter', 'aria-label': 'Status',
    onchange: () => { state.status = statusSelect.value; state.offset = 0; refresh(true); } },
    h('option', { value: '' }, 'Any status'), STATUSES.map(s => h('option', { value: s }, s)));
  statusSelect.value = state.status;
  const outcomeSelect = h('select', { 'data-testid': 'outcome-filter', 'aria-label': 'Outcome',
    onchange: () => { state.outcome = outcomeSelect.value; state.offset = 0; refresh(true); } },
    h('option', { value: '' }, 'Any outcome'), OUTCOMES.map(s => h('option', { value: s }, s)));
  outcomeSelect.value = state.outcome;
  let typing = null;
  const search = h('input', { type: 'search', placeholder: 'Order id or execution name', 'data-testid': 'text-filter', 'aria-label': 'Order id or execution name',
    value: state.q, oninput: () => { clearTimeout(typing); typing = setTimeout(() => { state.q = search.value.trim(); state.offset = 0; refresh(true); }, 250); } });
  // Start time from/to, in the browser's time zone; sent as epoch milliseconds.
  const local = ms => {
    if (!ms) return '';
    const d = new Date(Number(ms)), pad = n => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  };
  const timeInput = (key, label) => {
    const input = h('input', { type: 'datetime-local', step: '1', 'data-testid': key + '-filter', 'aria-label': label, title: label, value: local(state[key]),
      onchange: () => { const t = input.value ? new Date(input.value).getTime() : NaN; state[key] = Number.isNaN(t) ? '' : String(t); state.offset = 0; refresh(true); } });
    return input;
  };
  const fromInput = timeInput('from', 'Started from'), toInput = timeInput('to', 'Started before');
  const counts = h('div', { className: 'counts', 'data-testid': 'counts' });
  const body = h('tbody', { 'data-testid': 'executions' });
  const info = h('span', { 'data-testid': 'page-info' });
  const prev = h('button', { onclick: () => { state.offset = Math.max(0, state.offset - state.limit); refresh(true); } }, '‹ Newer');
  const next = h('button', { onclick: () => { state.offset += state.limit; refresh(true); } }, 'Older ›');
  const message = h('div', { className: 'error' });

  view.replaceChildren(h('section', { className: 'panel' },
    h('h1', {}, 'Executions'),
    h('div', { className: 'filters' }, statusSelect, outcomeSelect, search, h('label', {}, 'Started ', fromInput), h('label', {}, 'to ', toInput), counts),
    message,
    h('table', {},
      h('thead', {}, h('tr', {}, ['Order id', 'Execution', 'Status', 'Outcome', 'Failed state', 'Duration', 'Start'].map(t => h('th', {}, t)))),
      body),
    h('div', { className: 'pager' }, prev, next, info)));

  function keepInHash() {
    const p = new URLSearchParams();
    if (state.status) p.set('status', state.status);
    if (state.outcome) p.set('outcome', state.outcome);
    if (state.q) p.set('q', state.q);
    if (state.from) p.set('from', state.from);
    if (state.to) p.set('to', state.to);
    if (state.offset) p.set('offset', state.offset);
    const hash = '#/' + (p.toString() ? '?' + p : '');
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }

  function render(page) {
    state.page = page;
    state.clockSkew = Date.now() - page.now;
    counts.replaceChildren(...Object.entries(page.counts).map(([s, n]) => h('span', {}, h('b', {}, n.toLocaleString()), ' ', s.toLowerCase())),
      h('span', {}, h('b', {}, page.total.toLocaleString()), ' in all'));
    body.replaceChildren(...page.executions.map(e => {
      const link = '#/execution/' + encodeURIComponent(e.executionArn);
      const outcome = e.outcome ? (e.outcome === 'rejected' && e.error ? `rejected: ${e.error}` : e.outcome) : '';
      return h('tr', { 'data-arn': e.executionArn, 'data-status': e.status },
        h('td', { className: 'mono' }, e.orderId || ''),
        h('td', { className: 'name mono', title: e.name }, h('a', { href: link }, e.name)),
        h('td', { className: 'status ' + e.status }, e.status),
        h('td', { className: 'outcome ' + (e.outcome || ''), title: e.cause || '' }, outcome),
        h('td', { title: e.catchingState ? 'caught by ' + e.catchingState : '' }, e.failedState || ''),
        h('td', { className: 'num', 'data-start': e.startDate, 'data-running': e.stopDate ? null : 'true' }, duration(e.durationSeconds)),
        h('td', { className: 'num' }, time(e.startDate)));
    }));
    if (page.executions.length === 0) {
      body.append(h('tr', {}, h('td', { colspan: 7, className: 'empty' }, page.total === 0 ? 'No executions yet: start one and it appears here.' : 'No execution matches these filters.')));
    }
    const first = page.matched === 0 ? 0 : page.offset + 1;
    info.textContent = `${first.toLocaleString()}–${(page.offset + page.executions.length).toLocaleString()} of ${page.matched.toLocaleString()}`;
    prev.disabled = page.offset === 0;
    next.disabled = page.offset + page.executions.length >= page.matched;
  }

  function tickDurations() {
    const now = Date.now() - state.clockSkew;
    for (const td of body.querySelectorAll('td[data-running]')) {
      td.textContent = duration(Math.max(0, (now - Number(td.dataset.start)) / 1000));
    }
  }

  async function refresh(reset) {
    if (state.stopped) return;
    clearTimeout(state.timer);
    if (reset) { state.cursor = null; keepInHash(); }
    const p = new URLSearchParams({ offset: state.offset, limit: state.limit });
    if (state.status) p.set('status', state.status);
    if (state.outcome) p.set('outcome', state.outcome);
    if (state.q) p.set('q', state.q);
    if (state.from) p.set('from', state.from);
    if (state.to) p.set('to', state.to);
    if (state.cursor) p.set('since', state.cursor);
    const asked = p.toString();
    try {
      const page = await api('executions?' + asked);
      if (state.stopped) return;
      setLive(true);
      message.textContent = '';
      if (!page.unchanged) { state.cursor = page.cursor; render(page); }
      tickDurations();
    } catch (e) {
      setLive(false);
      message.textContent = String(e.message || e);
    }
    if (!state.stopped) state.timer = setTimeout(() => refresh(false), POLL_MS);
  }

  stopCurrent = () => { state.stopped = true; clearTimeout(state.timer); clearTimeout(typing); };
  refresh(true);
}

// ---- Functions ----

// Every function with its counts and duration percentiles (read again every second; the answer
// says over which window), and the chosen one's log, followed live with the cursor of the last line read.
function showFunctions(selected) {
  let stopped = false, timer = null, logTimer = null, after = null;
  stopCurrent = () => { stopped = true; clearTimeout(timer); clearTimeout(logTimer); };
  const body = h('tbody', { 'data-testid': 'functions' });
  const message = h('div', { className: 'error' });
  const logPanel = h('section', { className: 'panel', 'data-testid': 'function-log-panel' });
  const log = h('pre', { className: 'data log function-log', 'data-testid': 'function-log' });
  const ms = v => v === null || v === undefined ? '' : v.toLocaleString(undefined, { maximumFractionDigits: 2 }) + ' ms';
  const scope = h('p', { className: 'muted', 'data-testid': 'functions-scope' });
  view.replaceChildren(h('section', { className: 'panel' }, h('h1', {}, 'Functions'), scope, message,
    h('table', {}, h('thead', {}, h('tr', {}, ['Function', 'Runtime', 'Invocations', 'Cold starts', 'Errors', 'p50', 'p90', 'p99', 'Init p50', 'Last invoked']
      .map(t => h('th', {}, t)))), body)), logPanel);

  async function refresh() {
    if (stopped) return;
    try {
      const answer = await api('functions');
      if (stopped) return;
      setLive(true);
      message.textContent = '';
      scope.textContent = answer.windowSeconds
        ? `Counts and percentiles over the last ${duration(answer.windowSeconds)}, from ${answer.source}; cold starts from the REPORT lines with an init duration.`
        : `Counts since each function was created, percentiles of the invocations it still records (${answer.source}).`;
      body.replaceChildren(...answer.functions.map(fn => h('tr', { 'data-function': fn.name, className: fn.name === selected ? 'selected' : '' },
        h('td', { className: 'mono' }, h('a', { href: '#/functions/' + encodeURIComponent(fn.name) }, fn.name)),
        h('td', {}, fn.runtime),
        h('td', { className: 'num', 'data-testid': 'invocations' }, fn.invocations.toLocaleString()),
        h('td', { className: 'num', 'data-testid': 'cold-starts' }, fn.coldStarts.toLocaleString()),
        h('td', { className: 'num', 'data-testid': 'errors' }, fn.errors.toLocaleString()),
        h('td', { className: 'num', 'data-testid': 'p50' }, ms(fn.p50)),
        h('td', { className: 'num' }, ms(fn.p90)),
        h('td', { className: 'num' }, ms(fn.p99)),
        h('td', { className: 'num' }, ms(fn.initP50)),
        h('td', { className: 'num' }, time(fn.lastInvoked)))));
      if (answer.functions.length === 0) body.append(h('tr', {}, h('td', { colspan: 10, className: 'empty' }, 'No functions: deploy a stack or create one.')));
    } catch (e) {
      setLive(false);
      message.textContent = String(e.message || e);
    }
    if (!stopped) timer = setTimeout(refresh, POLL_MS);
  }

  async function follow() {
    if (stopped) return;
    try {
      const answer = await api(`function-log?name=${encodeURIComponent(selected)}` + (after === null ? '' : `&after=${after}`));
      if (stopped) return;
      if (answer.lines.length) {
        const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
        log.append(answer.lines.map(l => `${time(l.time)}  ${l.text}\n`).join(''));
        if (atBottom) log.scrollTop = log.scrollHeight;
      }
      after = answer.last;
      if (answer.more) { logTimer = setTimeout(follow, 0); return; }
    } catch (e) {
      log.append(`(${e.message || e})\n`);
    }
    if (!stopped) logTimer = setTimeout(follow, POLL_MS);
  }

  if (selected) {
    logPanel.append(h('h2', {}, 'Log of ', h('span', { className: 'mono', 'data-testid': 'log-function' }, selected)), log);
    follow();
  } else {
    logPanel.append(h('p', { className: 'empty' }, 'Choose a function to follow its log.'));
  }
  refresh();
}

// ---- An order's path ----

// The order's records on the stream, each followed hop by hop: stream record → SNS message → SQS
// message → execution → outcome event, or to where it stopped. Read again every second while any
// path is still moving.
const HOPS = { stream: 'Stream record', ingest: 'Ingest', sns: 'SNS message', sqs: 'SQS message', execution: 'Execution', outcome: 'Outcome event' };

function showOrder(orderId) {
  let stopped = false, timer = null;
  stopCurrent = () => { stopped = true; clearTimeout(timer); };
  const input = h('input', { type: 'search', placeholder: 'Order id', value: orderId, 'data-testid': 'order-id', 'aria-label': 'Order id' });
  const form = h('form', { className: 'filters', onsubmit: ev => { ev.preventDefault(); location.hash = '#/order/' + encodeURIComponent(input.value.trim()); } },
    input, h('button', { type: 'submit' }, 'Follow'));
  const result = h('div', { 'data-testid': 'order-path' });
  view.replaceChildren(h('section', { className: 'panel' }, h('h1', {}, 'Order path'),
    h('p', { className: 'muted' }, 'Stream record → SNS message → SQS message → execution → outcome event, by message ids and the execution name rule.'), form), result);
  if (!orderId) { input.focus(); return; }

  async function load() {
    if (stopped) return;
    let answer;
    try {
      answer = await api('order?id=' + encodeURIComponent(orderId));
      setLive(true);
    } catch (e) {
      setLive(false);
      result.replaceChildren(h('p', { className: 'error', 'data-testid': 'order-error' }, String(e.message || e)));
      return;
    }
    if (stopped) return;
    result.replaceChildren(...(answer.paths.length
      ? answer.paths.map(renderPath)
      : [h('p', { className: 'empty', 'data-testid': 'order-none' }, `No record with partition key ${orderId} is on any stream.`)]));
    if (answer.paths.some(p => p.end === 'waiting')) timer = setTimeout(load, POLL_MS);
  }
  load();
}

function renderPath(path) {
  const hops = h('ol', { className: 'hops' }, path.hops.map(hop => h('li', { className: 'hop ' + hop.status, 'data-hop': hop.hop, 'data-status': hop.status },
    h('div', { className: 'hop-head' }, h('b', {}, HOPS[hop.hop] || hop.hop), ' ', h('span', { className: 'hop-title' }, hop.title)),
    hopDetail(hop))));
  return h('section', { className: 'panel path ' + path.end, 'data-testid': 'path', 'data-end': path.end, 'data-at': path.at || '' },
    h('h2', {}, path.type || 'not an event', ' ', h('span', { className: 'mono' }, path.eventId || path.sequenceNumber)),
    h('p', { className: 'path-summary', 'data-testid': 'path-summary' }, path.end === 'complete' ? '' : (path.end === 'waiting' ? 'Under way at ' : 'Stopped at ') + (HOPS[path.at] || path.at) + ': ',
      path.summary),
    hops);
}

function hopDetail(hop) {
  const d = hop.detail || {};
  const line = (k, v) => v === null || v === undefined || v === '' ? null : h('div', {}, h('span', { className: 'muted' }, k + ' '), h('span', { className: 'mono' }, String(v)));
  switch (hop.hop) {
    case 'stream':
    case 'outcome':
      return h('div', { className: 'hop-detail' }, line('stream', d.stream), line('shard', d.shardId), line('sequence number', d.sequenceNumber),
        line('arrived', time(d.arrival)), line('event', d.eventId), line('source', d.source), line('type', d.type), line('problem', d.problem), line('reason', d.reason));
    case 'ingest':
      return h('div', { className: 'hop-detail' }, line('SNS message', d.messageId), line('event', d.eventId), line('reason', d.reason), line('note', d.note),
        (d.deliveries || []).map(delivery));
    case 'sns':
      return h('div', { className: 'hop-detail' }, line('note', d.note),
        (d.messages || []).map(m => h('div', {}, line('message id', m.messageId), line('topic', m.topicArn), line('published', time(m.time)))));
    case 'sqs':
      return h('div', { className: 'hop-detail' }, (d.messages || []).map(delivery),
        (d.filteredOut || []).length ? line('filtered out by', d.filteredOut.join(', ')) : null);
    case 'execution':
      return h('div', { className: 'hop-detail' },
        d.executionArn ? h('div', {}, h('a', { href: '#/execution/' + encodeURIComponent(d.executionArn), className: 'mono', 'data-testid': 'path-execution' }, d.name)) : line('name', d.name),
        line('status', d.status), line('outcome', d.outcome), line('failed state', d.failedState), line('caught by', d.catchingState), line('error', d.error), line('cause', d.cause));
    default:
      return null;
  }
}

function delivery(d) {
  return h('div', { className: 'delivery' }, h('span', { className: 'mono' }, d.queue || d.queueArn || d.subscriptionArn), ' ',
    d.sqsMessageId ? h('span', { className: 'mono' }, d.sqsMessageId) : null, ' ',
    h('span', { className: 'muted' }, d.state ? d.state + (d.movedTo ? ' to ' + d.movedTo : '') + (d.receiveCount ? `, received ${d.receiveCount}×` : '') : d.result));
}

// ---- One execution ----

function showExecution(arn) {
  let stopped = false;
  let timer = null;
  stopCurrent = () => { stopped = true; clearTimeout(timer); };
  view.replaceChildren(h('p', { className: 'empty' }, 'Loading ', arn, '…'));

  async function load() {
    let detail;
    try {
      detail = await api('execution?arn=' + encodeURIComponent(arn));
      setLive(true);
    } catch (e) {
      setLive(false);
      view.replaceChildren(h('p', { className: 'error', 'data-testid': 'execution-error' }, String(e.message || e)), h('p', {}, h('a', { href: '#/' }, '‹ Executions')));
      return;
    }
    if (stopped) return;
    renderExecution(detail);
    // A running execution is read again until it ends.
    if (detail.execution.status === 'RUNNING') timer = setTimeout(load, POLL_MS);
  }
  load();
}

function renderExecution(detail) {
  const e = detail.execution;
  const outcome = e.outcome ? (e.outcome === 'rejected' && e.outcomeError ? `rejected: ${e.outcomeError}` : e.outcome) : '';
  const rows = [
    ['Execution', h('span', { className: 'mono', 'data-testid': 'execution-name' }, e.name)],
    ['State machine', detail.stateMachineName],
    ['Status', h('span', { className: 'status ' + e.status, 'data-testid': 'execution-status' }, e.status)],
    ['Outcome', h('span', { className: 'outcome ' + (e.outcome || ''), 'data-testid': 'execution-outcome' }, outcome)],
    ['Order id', e.orderId ? h('span', {}, h('span', { className: 'mono' }, e.orderId), ' · ', h('a', { href: '#/order/' + encodeURIComponent(e.orderId), 'data-testid': 'order-path-link' }, 'its path')) : ''],
    ['Failed state', e.failedState ? e.failedState + (e.catchingState ? ` (caught by ${e.catchingState})` : '') : ''],
    ['Cause', e.outcomeCause || ''],
    ['Start', time(e.startDate * 1000)],
    ['Duration', e.stopDate ? duration(e.stopDate - e.startDate) : 'running'],
  ];
  const summary = h('dl', { className: 'summary' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  const graphPanel = h('section', { className: 'panel', 'data-testid': 'graph-panel' });
  const statePanel = h('section', { className: 'panel', 'data-testid': 'state-panel' }, h('h2', {}, 'Execution input and output'),
    h('h3', {}, 'Input'), h('pre', { className: 'data' }, pretty(e.input)),
    h('h3', {}, 'Output'), h('pre', { className: 'data' }, pretty(e.output)));
  view.replaceChildren(
    h('p', {}, h('a', { href: '#/' }, '‹ Executions')),
    h('section', { className: 'panel' }, h('h1', {}, e.name), summary),
    h('div', { className: 'split' }, graphPanel, statePanel),
    historyTable(detail));
  if (window.SluiceGraph) window.SluiceGraph.draw(graphPanel, statePanel, detail);
  else graphPanel.append(h('p', { className: 'empty' }, 'The graph is not available.'));
}

function historyTable(detail) {
  const panel = h('section', { className: 'panel history' }, h('h2', {}, 'Event history'));
  if (!detail.historyHeld) {
    panel.append(h('p', { className: 'empty' }, 'This local cloud no longer holds the history of this execution (it keeps the most recently closed ones: --execution-histories).'));
    return panel;
  }
  const body = h('tbody', { 'data-testid': 'history' }, detail.events.map(ev => {
    const key = Object.keys(ev).find(k => k.endsWith('EventDetails'));
    const details = key ? ev[key] : null;
    return h('tr', { 'data-id': ev.id },
      h('td', { className: 'num' }, ev.id),
      h('td', {}, ev.type),
      h('td', {}, ev.state || ''),
      h('td', { className: 'mono' }, ev.lane || ''),
      h('td', { className: 'num' }, time(ev.timestamp * 1000)),
      h('td', { className: 'num' }, duration(ev.elapsedSeconds)),
      h('td', { className: 'details' }, details ? h('details', {}, h('summary', {}, summaryOf(details)), h('pre', { className: 'data' }, JSON.stringify(details, jsonText, 2))) : ''));
  }));
  panel.append(h('table', {}, h('thead', {}, h('tr', {}, ['Id', 'Type', 'State', 'Lane', 'Time', 'Elapsed', 'Details'].map(t => h('th', {}, t)))), body));
  return panel;
}

// Inputs and outputs are JSON text inside the details: shown as JSON.
function jsonText(key, value) {
  if (typeof value === 'string' && (key === 'input' || key === 'output' || key === 'parameters')) {
    try { return JSON.parse(value); } catch { return value; }
  }
  return value;
}

function summaryOf(details) {
  if (details.error) return details.error + (details.cause ? ': ' + String(details.cause).split('\n')[0].slice(0, 120) : '');
  if (details.name) return details.name;
  if (details.resource) return details.resource;
  return 'details';
}

route();
