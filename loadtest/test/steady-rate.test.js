'use strict';
// The steady-rate harness's arguments and how a rate becomes Artillery arrivals (no target needed).
const test = require('node:test');
const assert = require('node:assert/strict');
const { parseArgs, shape } = require('../steady-rate');

test('rates are sorted and options read', () => {
  const options = parseArgs(['--duration', '60', '--bound', '500', '--search', '10', '--warmup', '0', '300', '100']);
  assert.deepEqual(options, { duration: 60, bound: 500, search: 10, warmup: 0, rates: [100, 300] });
});

test('defaults: 30 s per rate, 1 s bound, 30 s warm-up, no search', () => {
  assert.deepEqual(parseArgs(['50']), { duration: 30, bound: 1000, search: 0, warmup: 30, rates: [50] });
});

test('bad arguments are refused with the reason', () => {
  assert.throws(() => parseArgs([]), /at least one rate/);
  assert.throws(() => parseArgs(['--duration', '0', '10']), /--duration takes a positive number/);
  assert.throws(() => parseArgs(['--warmup', '-5', '10']), /--warmup takes a non-negative number/);
  assert.throws(() => parseArgs(['12.5']), /unknown argument '12.5'/);
  assert.throws(() => parseArgs(['--colour', 'red']), /unknown argument '--colour'/);
});

test('a rate is virtual users of 10 orders from 10/s up, of one order below or off the tens', () => {
  assert.deepEqual(shape(300), { arrivalRate: 30, batchSize: 10 });
  assert.deepEqual(shape(10), { arrivalRate: 1, batchSize: 10 });
  assert.deepEqual(shape(5), { arrivalRate: 5, batchSize: 1 });
  assert.deepEqual(shape(25), { arrivalRate: 25, batchSize: 1 });
});
