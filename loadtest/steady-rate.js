'use strict';
// Finds the highest steady order rate the target sustains with p99 put-to-outcome latency under a
// bound and no lost order: runs the soak scenario at each rate for a fixed time (Artillery
// --overrides), reads each run's JSON report, prints one Markdown row per rate, and, with --search,
// bisects between the highest rate that held and the lowest that did not.
//
//   node steady-rate.js [--duration 30] [--bound 1000] [--search 10] [--warmup 30] 50 100 200 400
//
// --warmup runs the lowest rate (at most 100/s) that many seconds first, unreported, so every
// measured rate finds the functions' execution environments already started, as a service that has
// been taking traffic does (0 measures from cold).
// Rates are orders/s: 10 orders per virtual user from 10/s up, one order per virtual user below.
// Target selection is the scenarios' (AWS_ENDPOINT_URL, SLUICE_STACK, SLUICE_STREAM).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function parseArgs(argv) {
  const options = { duration: 30, bound: 1000, search: 0, warmup: 30, rates: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (allowZero = false) => {
      const n = Number(argv[++i]);
      if (!Number.isFinite(n) || n < 0 || (n === 0 && !allowZero)) throw new Error(`${arg} takes a ${allowZero ? 'non-negative' : 'positive'} number`);
      return n;
    };
    if (arg === '--duration') options.duration = value();
    else if (arg === '--bound') options.bound = value();
    else if (arg === '--search') options.search = value();
    else if (arg === '--warmup') options.warmup = value(true);
    else if (/^\d+$/.test(arg) && Number(arg) > 0) options.rates.push(Number(arg));
    else throw new Error(`unknown argument '${arg}' (rates are whole orders/s)`);
  }
  if (options.rates.length === 0) throw new Error('give at least one rate in orders/s, e.g. 50 100 200');
  options.rates.sort((a, b) => a - b);
  return options;
}

// A rate of R orders/s as Artillery arrivals: R/10 virtual users/s of 10 orders, or R of 1.
function shape(rate) {
  return rate >= 10 && rate % 10 === 0 ? { arrivalRate: rate / 10, batchSize: 10 } : { arrivalRate: rate, batchSize: 1 };
}

function run(rate, options, duration = options.duration) {
  const { arrivalRate, batchSize } = shape(rate);
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  const output = path.join(__dirname, 'results', `steady-${rate}.json`);
  // A report left by an earlier run (or the warm-up) must not pass for this run's.
  fs.rmSync(output, { force: true });
  const overrides = {
    config: {
      phases: [{ duration, arrivalRate }],
      variables: { batchSize, outcomeTimeoutMs: 30000 },
    },
  };
  const artillery = path.join(__dirname, 'node_modules', '.bin', 'artillery');
  // The scenario's ensure checks may fail the run's exit code; this harness judges the report itself.
  const result = spawnSync(artillery, ['run', '--overrides', JSON.stringify(overrides), '--output', output, path.join(__dirname, 'scenarios', 'soak.yml')], {
    cwd: __dirname, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!fs.existsSync(output)) {
    throw new Error(`artillery at ${rate}/s wrote no report (exit ${result.status}): ${(result.stderr || result.stdout).slice(-2000)}`);
  }
  const aggregate = JSON.parse(fs.readFileSync(output, 'utf8')).aggregate;
  const c = aggregate.counters;
  const e2e = aggregate.summaries['sluice.e2e_latency'] ?? {};
  const row = {
    rate,
    records: c['sluice.records'] ?? 0,
    outcomes: c['sluice.outcomes'] ?? 0,
    lost: c['sluice.lost_orders'] ?? 0,
    failedUsers: c['vusers.failed'] ?? 0,
    throttled: c['sluice.throttled_entries'] ?? 0,
    p50: e2e.p50, p95: e2e.p95, p99: e2e.p99, max: e2e.max,
  };
  row.held = row.records > 0 && row.lost === 0 && row.failedUsers === 0 && row.outcomes === row.records && row.p99 < options.bound;
  return row;
}

function print(row) {
  const ms = (v) => (v === undefined ? '-' : `${Math.round(v)} ms`);
  console.log(`| ${row.rate}/s | ${row.records} | ${row.lost} | ${row.throttled} | ${ms(row.p50)} | ${ms(row.p95)} | ${ms(row.p99)} | ${ms(row.max)} | ${row.held ? 'yes' : 'no'} |`);
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const cpu = os.cpus();
  console.log(`# ${new Date().toISOString()} · ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'} · ${Math.round(os.totalmem() / 2 ** 30)} GiB · node ${process.version}`);
  console.log(`# ${options.duration} s per rate after ${options.warmup} s of warm-up; holds = no lost order, no failed virtual user, p99 < ${options.bound} ms`);
  if (options.warmup > 0) run(Math.min(options.rates[0], 100), options, options.warmup);
  console.log('| steady rate | orders | lost | throttled entries | p50 | p95 | p99 | max | holds |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  let best = 0;
  let worst = Infinity;
  for (const rate of options.rates) {
    const row = run(rate, options);
    print(row);
    if (row.held) best = Math.max(best, rate);
    else worst = Math.min(worst, rate);
  }
  // Bisect down to the --search step between the best rate that held and the first that did not.
  while (options.search > 0 && worst !== Infinity && worst - best > options.search) {
    let rate = Math.round((best + worst) / 2);
    if (rate >= 10) rate = Math.round(rate / 10) * 10;
    if (rate <= best || rate >= worst) break;
    const row = run(rate, options);
    print(row);
    if (row.held) best = rate;
    else worst = rate;
  }
  console.log(best > 0
    ? `highest steady rate that held: ${best} orders/s${worst === Infinity ? ' (every rate tried held)' : `; ${worst} orders/s did not`}`
    : 'no rate tried held');
  process.exitCode = best > 0 ? 0 : 1;
}

module.exports = { parseArgs, shape };

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(`steady-rate: ${err.message}`);
    process.exitCode = 2;
  }
}
