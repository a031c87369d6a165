'use strict';
// Artillery processor: each virtual user puts a batch of order.placed events with PutRecords and
// then waits for each order's outcome on the stream, reporting put-to-outcome latency.
const { KinesisClient } = require('@aws-sdk/client-kinesis');
const { NodeHttpHandler } = require('@smithy/node-http-handler');
const { resolveTarget } = require('./lib/target');
const { makeOrder } = require('./lib/orders');
const { putAll } = require('./lib/putter');
const { OutcomeWatcher } = require('./lib/outcomes');

// The Kinesis client defaults to HTTP/2, which only SubscribeToShard needs; the local cloud and
// PutRecords/GetRecords speak HTTP/1.1.
// Watching starts a little before the first put so no outcome can precede the iterator.
let setup;
function ready() {
  setup ??= (async () => {
    const since = new Date(Date.now() - 5000);
    const target = await resolveTarget();
    const kinesis = new KinesisClient({ ...target.clientConfig, requestHandler: new NodeHttpHandler() });
    const watcher = new OutcomeWatcher(kinesis, target.streamName, since);
    await watcher.start();
    return { kinesis, streamName: target.streamName, watcher };
  })();
  return setup;
}

async function putOrdersAndAwaitOutcomes(context, events) {
  const batchSize = Number(context.vars.batchSize ?? 10);
  const outcomeTimeoutMs = Number(context.vars.outcomeTimeoutMs ?? 30000);
  const { kinesis, streamName, watcher } = await ready();
  const orders = Array.from({ length: batchSize }, () => makeOrder());
  const stats = await putAll(kinesis, streamName, orders, {
    onPut: (ms) => events.emit('histogram', 'sluice.put_latency', ms),
  });
  events.emit('counter', 'sluice.puts', stats.puts);
  events.emit('counter', 'sluice.records', stats.records);
  events.emit('counter', 'sluice.throttled_entries', stats.throttled);
  events.emit('counter', 'sluice.put_retries', stats.retries);
  if (stats.failed.length > 0) {
    events.emit('counter', 'sluice.unput_records', stats.failed.length);
    throw new Error(`${stats.failed.length} records not put after retries`);
  }
  const outcomes = await Promise.all(orders.map(async (o) => [o, await watcher.waitFor(o.id, outcomeTimeoutMs)]));
  let lost = 0;
  for (const [order, outcome] of outcomes) {
    if (!outcome) {
      lost++;
      continue;
    }
    events.emit('histogram', 'sluice.e2e_latency', outcome.time - order.producedAt);
    events.emit('histogram', 'sluice.e2e_observed_latency', outcome.seenAt - order.producedAt);
    events.emit('counter', outcome.type === 'order.confirmed' ? 'sluice.confirmed' : 'sluice.rejected', 1);
  }
  events.emit('counter', 'sluice.lost_orders', lost);
  events.emit('counter', 'sluice.outcomes', outcomes.length - lost);
}

module.exports = { putOrdersAndAwaitOutcomes };

// Artillery's function steps take a callback.
module.exports.putOrders = (context, events, done) => {
  putOrdersAndAwaitOutcomes(context, events).then(() => done(), done);
};
