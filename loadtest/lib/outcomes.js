'use strict';
// Follows the order stream from a start time and remembers every order.confirmed/order.rejected
// event by its data.causationId (the order.placed event id), so a scenario can wait for the
// outcomes of the orders it put.
const { ListShardsCommand, GetShardIteratorCommand, GetRecordsCommand } = require('@aws-sdk/client-kinesis');

class OutcomeWatcher {
  constructor(kinesis, streamName, since, pollMs = 200) {
    this.kinesis = kinesis;
    this.streamName = streamName;
    this.since = since;
    this.pollMs = pollMs;
    this.outcomes = new Map();
    this.waiters = new Map();
    this.stopped = false;
    this.error = null;
  }

  async start() {
    const shards = [];
    let token;
    do {
      const page = await this.kinesis.send(new ListShardsCommand(token ? { NextToken: token } : { StreamName: this.streamName }));
      shards.push(...page.Shards);
      token = page.NextToken;
    } while (token);
    for (const shard of shards) {
      this.follow(shard.ShardId).catch((err) => { this.error = err; });
    }
  }

  async follow(shardId) {
    let { ShardIterator: iterator } = await this.kinesis.send(new GetShardIteratorCommand({
      StreamName: this.streamName, ShardId: shardId, ShardIteratorType: 'AT_TIMESTAMP', Timestamp: this.since,
    }));
    while (iterator && !this.stopped) {
      let page;
      try {
        page = await this.kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10000 }));
      } catch (err) {
        if (err?.name !== 'ProvisionedThroughputExceededException') throw err;
        await sleep(this.pollMs);
        continue;
      }
      for (const record of page.Records) this.observe(record.Data);
      iterator = page.NextShardIterator;
      if (page.Records.length === 0) await sleep(this.pollMs);
    }
  }

  observe(bytes) {
    let event;
    try {
      event = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch {
      return;
    }
    if (event?.type !== 'order.confirmed' && event?.type !== 'order.rejected') return;
    const causationId = event.data?.causationId;
    if (!causationId || this.outcomes.has(causationId)) return;
    const outcome = { type: event.type, subject: event.subject, time: Date.parse(event.time), seenAt: Date.now() };
    this.outcomes.set(causationId, outcome);
    const waiter = this.waiters.get(causationId);
    if (waiter) {
      this.waiters.delete(causationId);
      waiter(outcome);
    }
  }

  // Resolves with the outcome, or null when none arrived within timeoutMs.
  waitFor(eventId, timeoutMs) {
    if (this.error) return Promise.reject(this.error);
    const known = this.outcomes.get(eventId);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.waiters.delete(eventId); resolve(null); }, timeoutMs);
      this.waiters.set(eventId, (o) => { clearTimeout(timer); resolve(o); });
    });
  }

  stop() { this.stopped = true; }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

module.exports = { OutcomeWatcher };
