// The execution's state machine as a graph: laid out by elkjs (elk.bundled.js, vendored beside this
// file), each state coloured by what happened to it in this execution, computed from its history.
'use strict';

(function () {
  const SVG = 'http://www.w3.org/2000/svg';
  const RANK = { running: 5, failed: 4, caught: 3, stopped: 2, succeeded: 1 };

  function s(tag, attrs, ...children) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, v);
    for (const c of children) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return el;
  }

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'className') el.className = v;
      else el.setAttribute(k, v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
    return el;
  }

  const width = label => Math.max(90, 14 + label.length * 7.2);

  // ELK nodes and edges for one States map (the top level, a Parallel branch or a Map's processor).
  function scope(states, startAt, top) {
    const children = [], edges = [];
    let n = 0;
    const edge = (from, to, kind, label) => edges.push({ id: `e${from}>${to}#${n++}`, sources: [from], targets: [to], kind,
      labels: label ? [{ text: label, width: label.length * 6, height: 12 }] : [] });
    if (top) {
      children.push({ id: '#start', width: 60, height: 26, label: 'Start', terminal: true });
      children.push({ id: '#end', width: 60, height: 26, label: 'End', terminal: true });
      edge('#start', startAt, 'next');
    }
    for (const [name, state] of Object.entries(states || {})) {
      const node = { id: name, label: name, type: state.Type, width: width(name), height: 36 };
      if (state.Type === 'Parallel') {
        node.group = true;
        node.children = (state.Branches || []).map((b, i) => Object.assign(scope(b.States, b.StartAt, false), { id: `${name}#branch${i}`, label: `Branch ${i + 1}`, branch: true }));
      } else if (state.Type === 'Map') {
        const processor = state.ItemProcessor || state.Iterator;
        node.group = true;
        node.children = processor ? [Object.assign(scope(processor.States, processor.StartAt, false), { id: `${name}#items`, label: 'Item processor', branch: true })] : [];
      }
      if (node.group) {
        node.layoutOptions = { 'elk.padding': '[top=30,left=12,bottom=12,right=12]', 'elk.nodeSize.constraints': 'MINIMUM_SIZE',
          'elk.nodeSize.minimum': `(${Math.ceil(width(`${name} (${state.Type})`) + 40)}, 60)` };
        delete node.width; delete node.height;
      }
      children.push(node);
      if (state.Next) edge(name, state.Next, 'next');
      if (state.Type === 'Choice') {
        for (const c of state.Choices || []) if (c.Next) edge(name, c.Next, 'choice');
        if (state.Default) edge(name, state.Default, 'choice', 'default');
      }
      for (const c of state.Catch || []) if (c.Next) edge(name, c.Next, 'catch', (c.ErrorEquals || []).join(', '));
      if (top && (state.End || state.Type === 'Succeed' || state.Type === 'Fail')) edge(name, '#end', 'next');
    }
    return { children, edges, layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.spacing.nodeNode': '24',
      'elk.layered.spacing.nodeNodeBetweenLayers': '32', 'elk.padding': '[top=30,left=12,bottom=12,right=12]', 'elk.edgeLabels.inline': 'true' } };
  }

  // What happened to each state in this execution: its runs (a Map's iterations, retries' re-entries).
  function runsByState(detail) {
    const runs = new Map();
    for (const step of detail.steps || []) {
      if (!runs.has(step.state)) runs.set(step.state, []);
      runs.get(step.state).push(step);
    }
    return runs;
  }

  function statusOf(runs) {
    if (!runs || runs.length === 0) return 'notrun';
    return runs.reduce((worst, r) => (RANK[r.status] || 0) > (RANK[worst] || 0) ? r.status : worst, 'succeeded');
  }

  function countsOf(runs) {
    if (!runs || runs.length < 2) return '';
    const by = {};
    for (const r of runs) by[r.status] = (by[r.status] || 0) + 1;
    return ' ' + Object.entries(by).map(([k, v]) => `${v} ${k}`).join(', ');
  }

  function draw(graphPanel, statePanel, detail) {
    const started = performance.now();
    graphPanel.replaceChildren(h('h2', {}, 'Graph'),
      h('div', { className: 'legend' }, ['succeeded', 'caught', 'failed', 'running', 'notrun'].map(k => h('span', { className: k }, h('i'), k === 'notrun' ? 'not reached' : k))));
    const holder = h('div', { className: 'graph', 'data-testid': 'graph' }, h('p', { className: 'empty' }, 'Drawing…'));
    graphPanel.append(holder);
    let definition;
    try { definition = JSON.parse(detail.definition); } catch { holder.replaceChildren(h('p', { className: 'error' }, 'The definition is not JSON.')); return; }
    const runs = runsByState(detail);
    const root = Object.assign(scope(definition.States, definition.StartAt, true), { id: 'root' });
    new ELK().layout(root).then(laid => {
      const svg = s('svg', { width: Math.ceil(laid.width), height: Math.ceil(laid.height), viewBox: `0 0 ${Math.ceil(laid.width)} ${Math.ceil(laid.height)}`, role: 'img', 'aria-label': 'State machine graph' },
        s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' },
          s('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#687078' }))));
      const nodes = new Map();
      const select = name => {
        for (const [n, g] of nodes) g.classList.toggle('selected', n === name);
        showState(statePanel, detail, name, runs.get(name) || [], definition);
      };
      svg.append(group(laid, runs, nodes, select));
      holder.replaceChildren(svg);
      const initial = detail.execution.catchingState || detail.execution.failedState;
      if (initial && nodes.has(initial)) select(initial);
      holder.dataset.drawn = 'true';
      holder.dataset.drawMs = String(Math.round(performance.now() - started));
    }).catch(e => holder.replaceChildren(h('p', { className: 'error' }, 'The graph could not be laid out: ' + (e.message || e))));
  }

  // One ELK node's content: its edges, then its children (boxes for groups, rounded boxes for states).
  function group(node, runs, nodes, select) {
    const g = s('g', {});
    for (const e of node.edges || []) {
      for (const sec of e.sections || []) {
        const points = [sec.startPoint, ...(sec.bendPoints || []), sec.endPoint];
        const eg = s('g', { class: 'edge ' + e.kind }, s('path', { d: 'M ' + points.map(p => `${p.x} ${p.y}`).join(' L '), 'marker-end': 'url(#arrow)' }));
        for (const l of e.labels || []) if (l.x !== undefined) eg.append(s('text', { x: l.x, y: l.y + 10 }, l.text));
        g.append(eg);
      }
    }
    for (const c of node.children || []) {
      const cg = s('g', { transform: `translate(${c.x},${c.y})` });
      if (c.terminal) {
        cg.setAttribute('class', 'terminal');
        cg.append(s('rect', { width: c.width, height: c.height, rx: 13, fill: '#232f3e' }), s('text', { x: c.width / 2, y: 17, 'text-anchor': 'middle', fill: '#fff' }, c.label));
      } else if (c.branch) {
        cg.setAttribute('class', 'group branch');
        cg.append(s('rect', { width: c.width, height: c.height }), s('text', { x: 8, y: 16 }, c.label), group(c, runs, nodes, select));
      } else {
        const stateRuns = runs.get(c.id);
        const status = statusOf(stateRuns);
        cg.setAttribute('class', (c.group ? 'group state ' : 'node ') + status);
        cg.setAttribute('data-state', c.id);
        cg.setAttribute('data-status', status);
        const label = c.label + countsOf(stateRuns);
        if (c.group) {
          const box = s('g', { class: 'node ' + status }, s('rect', { width: c.width, height: 24 }), s('text', { x: 8, y: 16 }, `${label} (${c.type})`));
          box.addEventListener('click', () => select(c.id));
          cg.append(s('rect', { width: c.width, height: c.height }), box, group(c, runs, nodes, select));
          nodes.set(c.id, box);
        } else {
          cg.append(s('rect', { width: c.width, height: c.height }), s('text', { x: c.width / 2, y: 22, 'text-anchor': 'middle' }, label));
          cg.addEventListener('click', () => select(c.id));
          nodes.set(c.id, cg);
        }
        cg.append(s('title', {}, `${c.id}: ${status === 'notrun' ? 'not reached' : status}`));
      }
      g.append(cg);
    }
    return g;
  }

  function pretty(text) {
    if (text === null || text === undefined) return '';
    try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return String(text); }
  }

  function showState(panel, detail, name, stateRuns, definition) {
    const picker = h('select', { 'data-testid': 'run-picker', 'aria-label': 'Run' });
    const body = h('div', {});
    stateRuns.forEach((r, i) => picker.append(h('option', { value: i }, `${r.lane || 'main flow'} — ${r.status}`)));
    const show = i => body.replaceChildren(runBody(detail, stateRuns[i], definition));
    picker.addEventListener('change', () => show(Number(picker.value)));
    panel.replaceChildren(h('h2', { 'data-testid': 'state-name' }, name),
      h('p', {}, findType(definition, name) || ''),
      stateRuns.length > 1 ? h('p', {}, `${stateRuns.length} runs: `, picker) : '',
      body);
    show(0);
  }

  // One run of a state: status, duration, error, input and output; a Lambda task's invocations; a Map's iterations.
  function runBody(detail, r, definition) {
    if (!r) return h('p', { className: 'empty' }, 'Not reached in this execution.');
    const events = detail.eventsById || (detail.eventsById = new Map((detail.events || []).map(e => [e.id, e])));
    const entered = events.get(r.enteredEventId);
    const exited = r.exitedEventId ? events.get(r.exitedEventId) : null;
    const seconds = r.end ? (r.end - r.start) / 1000 : null;
    const state = findState(definition, r.state) || {};
    return h('div', { 'data-testid': 'run' },
      h('dl', { className: 'summary' },
        h('dt', {}, 'Status'), h('dd', { 'data-testid': 'state-status' }, r.status),
        h('dt', {}, 'Duration'), h('dd', {}, ms(seconds)),
        r.lane ? [h('dt', {}, 'Lane'), h('dd', { className: 'mono' }, r.lane)] : [],
        r.attempts > 1 ? [h('dt', {}, 'Retries'), h('dd', {}, r.attempts - 1)] : [],
        r.error ? [h('dt', {}, 'Error'), h('dd', { 'data-testid': 'state-error' }, r.error)] : [],
        r.cause ? [h('dt', {}, 'Cause'), h('dd', {}, r.cause)] : []),
      h('h3', {}, 'Input'), h('pre', { className: 'data', 'data-testid': 'state-input' }, pretty(entered?.stateEnteredEventDetails?.input)),
      h('h3', {}, 'Output'), h('pre', { className: 'data', 'data-testid': 'state-output' }, exited ? pretty(exited.stateExitedEventDetails?.output) : '(no output: the state did not exit)'),
      r.type === 'Task' && isLambda(state.Resource) ? lambdaCalls(detail, r) : '',
      r.type === 'Map' ? iterations(detail, r, definition) : '');
  }

  function ms(seconds) {
    if (seconds === null || seconds === undefined) return 'running';
    return seconds < 1 ? Math.round(seconds * 1000) + ' ms' : seconds.toFixed(2) + ' s';
  }

  const isLambda = resource => typeof resource === 'string' && (resource.startsWith('arn:aws:states:::lambda:invoke') || /^arn:[^:]+:lambda:/.test(resource));

  // The Lambda invocations of a Task run: request, response or error, and the invocation's log lines.
  function lambdaCalls(detail, r) {
    const section = h('section', { className: 'lambda', 'data-testid': 'lambda-calls' }, h('h3', {}, 'Lambda invocation'), h('p', { className: 'empty' }, 'Loading…'));
    const arn = detail.execution.executionArn;
    fetch(`/console/api/invocations?arn=${encodeURIComponent(arn)}&entered=${r.enteredEventId}`, { headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then(response => response.json().then(body => { if (!response.ok) throw new Error(body.message || response.status); return body; }))
      .then(answer => {
        const calls = answer.calls || [];
        section.replaceChildren(h('h3', {}, calls.length > 1 ? `Lambda invocations (${calls.length} attempts)` : 'Lambda invocation'),
          calls.length === 0 ? h('p', { className: 'empty' }, 'No invocation was scheduled in this run.') : '',
          ...calls.map((c, i) => callView(c, i, calls.length)));
      })
      .catch(e => section.replaceChildren(h('h3', {}, 'Lambda invocation'), h('p', { className: 'error' }, String(e.message || e))));
    return section;
  }

  const TIES = {
    'request id': 'tied by the request id in the task\'s output',
    'time window': 'tied by time: the only invocation of this function between the Scheduled event and this attempt\'s end that ended the same way',
    ambiguous: 'not tied: several invocations of this function fit this attempt\'s time window',
    none: 'not tied: the local Lambda holds no invocation for this attempt',
  };

  function callView(c, i, count) {
    const logs = c.logs || [];
    return h('div', { className: 'call', 'data-testid': 'lambda-call' },
      count > 1 ? h('h4', {}, `Attempt ${i + 1}`) : '',
      h('dl', { className: 'summary' },
        h('dt', {}, 'Function'), h('dd', { className: 'mono' }, c.function || ''),
        h('dt', {}, 'Status'), h('dd', { 'data-testid': 'call-status' }, c.status),
        h('dt', {}, 'Request id'), h('dd', {}, h('span', { className: 'mono', 'data-testid': 'call-request-id' }, c.requestId || '—'), ' ',
          h('small', { 'data-testid': 'call-tie', title: TIES[c.tie] || '' }, c.tie === 'ambiguous' ? `(${c.candidates} candidates)` : `(${c.tie})`)),
        c.durationMs !== undefined ? [h('dt', {}, 'Duration'), h('dd', {}, `${c.durationMs} ms` + (c.coldStart ? ` (cold start, init ${c.initDurationMs} ms)` : ''))] : [],
        c.error ? [h('dt', {}, 'Error'), h('dd', { 'data-testid': 'call-error' }, c.error)] : []),
      h('h4', {}, 'Request'), h('pre', { className: 'data', 'data-testid': 'call-request' }, JSON.stringify(c.request, null, 2) ?? ''),
      c.status === 'succeeded'
        ? [h('h4', {}, 'Response'), h('pre', { className: 'data', 'data-testid': 'call-response' }, JSON.stringify(c.response, null, 2) ?? 'null')]
        : [h('h4', {}, 'Error'), h('pre', { className: 'data', 'data-testid': 'call-response' }, pretty(c.cause))],
      h('h4', {}, 'Log', c.logGroup ? h('small', {}, ` (${c.logGroup})`) : ''),
      c.requestId && c.logs
        ? h('pre', { className: 'data log', 'data-testid': 'call-logs' }, logs.length ? logs.map(l => l.text).join('\n') : '(the local Lambda no longer holds this invocation\'s lines)')
        : h('p', { className: 'empty' }, 'No log lines: the invocation is not tied.'));
  }

  // A Map run's iterations: counts per status, then one iteration's states, opened one by one.
  function iterations(detail, r, definition) {
    const prefix = `${r.lane}/${r.state}[`;
    const byIndex = new Map();
    for (const step of detail.steps || []) {
      if (!step.lane.startsWith(prefix)) continue;
      const close = step.lane.indexOf(']', prefix.length);
      const index = Number(step.lane.slice(prefix.length, close));
      if (!byIndex.has(index)) byIndex.set(index, []);
      byIndex.get(index).push(step);
    }
    const indexes = [...byIndex.keys()].sort((a, b) => a - b);
    const section = h('section', { className: 'iterations', 'data-testid': 'iterations' }, h('h3', {}, `Iterations (${indexes.length})`));
    if (indexes.length === 0) { section.append(h('p', { className: 'empty' }, 'No iteration ran.')); return section; }
    const status = new Map(indexes.map(i => [i, statusOf(byIndex.get(i))]));
    const counts = {};
    for (const st of status.values()) counts[st] = (counts[st] || 0) + 1;
    section.append(h('p', { 'data-testid': 'iteration-counts' }, Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')));
    const picker = h('select', { 'data-testid': 'iteration-picker', 'aria-label': 'Iteration' }, indexes.map(i => h('option', { value: i }, `[${i}] — ${status.get(i)}`)));
    const states = h('div', {});
    const open = index => {
      const steps = byIndex.get(index);
      const run = h('div', {});
      const list = h('ol', { className: 'steps', 'data-testid': 'iteration-states' }, steps.map(step => {
        const item = h('li', { className: 'step ' + step.status, 'data-state': step.state },
          h('button', { type: 'button', onclick: () => { for (const li of list.children) li.classList.toggle('selected', li === item); run.replaceChildren(runBody(detail, step, definition)); } },
            `${step.state} — ${step.status}`));
        return item;
      }));
      states.replaceChildren(list, run);
    };
    picker.addEventListener('change', () => open(Number(picker.value)));
    // The first iteration that did not succeed, else the first.
    const first = indexes.find(i => status.get(i) !== 'succeeded') ?? indexes[0];
    picker.value = String(first);
    section.append(h('p', {}, 'Iteration: ', picker), states);
    open(first);
    return section;
  }

  function findState(definition, name) {
    const look = states => {
      for (const [n, st] of Object.entries(states || {})) {
        if (n === name) return st;
        for (const b of st.Branches || []) { const t = look(b.States); if (t) return t; }
        const p = st.ItemProcessor || st.Iterator;
        if (p) { const t = look(p.States); if (t) return t; }
      }
      return null;
    };
    return look(definition.States);
  }

  function findType(definition, name) {
    const look = states => {
      for (const [n, st] of Object.entries(states || {})) {
        if (n === name) return st.Type;
        for (const b of st.Branches || []) { const t = look(b.States); if (t) return t; }
        const p = st.ItemProcessor || st.Iterator;
        if (p) { const t = look(p.States); if (t) return t; }
      }
      return null;
    };
    return look(definition.States);
  }

  window.SluiceGraph = { draw };
})();
