'use strict';
// Against a running local cloud (AWS_ENDPOINT_URL) with Kinesis throttling on: a burst well over a
// shard's 1,000 records/s must land every record exactly once, through retries of failed entries.
const test = require('node:test');
const assert = require('node:assert');
const { KinesisClient, CreateStreamCommand, DescribeStreamSummaryCommand, ListShardsCommand, GetShardIteratorCommand, GetRecordsCommand, DeleteStreamCommand } = require('@aws-sdk/client-kinesis');
const { NodeHttpHandler } = require('@smithy/node-http-handler');
const { makeOrder } = require('../lib/orders');
const { putAll } = require('../lib/putter');

const endpoint = process.env.AWS_ENDPOINT_URL;

test('putAll_BurstOverOneShardLimit_LandsEveryRecordOnceWithRetries', { skip: !endpoint && 'AWS_ENDPOINT_URL not set: needs a local cloud', timeout: 120000 }, async () => {
  const kinesis = new KinesisClient({
    endpoint, region: 'us-east-1', maxAttempts: 1, requestHandler: new NodeHttpHandler(),
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const streamName = 'loadtest-burst-' + Date.now();
  await kinesis.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: 1 }));
  try {
    for (let i = 0; i < 50; i++) {
      const { StreamDescriptionSummary: s } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: streamName }));
      if (s.StreamStatus === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const orders = Array.from({ length: 3000 }, () => makeOrder());

    const stats = await putAll(kinesis, streamName, orders, { maxAttempts: 30 });

    assert.strictEqual(stats.failed.length, 0);
    assert.strictEqual(stats.records, orders.length);
    assert.ok(stats.throttled > 0, 'a 3,000-record burst on one shard must be throttled');
    assert.ok(stats.retries > 0, 'throttled entries must be retried');
    const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
    let { ShardIterator: it } = await kinesis.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: Shards[0].ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
    const seen = new Map();
    for (let empty = 0; it && empty < 3;) {
      const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: it, Limit: 10000 }));
      for (const r of page.Records) {
        const id = JSON.parse(Buffer.from(r.Data).toString('utf8')).id;
        seen.set(id, (seen.get(id) ?? 0) + 1);
      }
      empty = page.Records.length === 0 ? empty + 1 : 0;
      it = page.NextShardIterator;
      if (page.Records.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    assert.strictEqual(seen.size, orders.length);
    assert.ok([...seen.values()].every((n) => n === 1), 'a record landed twice');
    assert.ok(orders.every((o) => seen.has(o.id)));
  } finally {
    await kinesis.send(new DeleteStreamCommand({ StreamName: streamName }));
  }
});
