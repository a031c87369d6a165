'use strict';
// PutRecords in batches of at most 500; only the entries that failed are sent again, after an
// exponential backoff with full jitter, for a bounded number of attempts.
const { PutRecordsCommand } = require('@aws-sdk/client-kinesis');

const MAX_BATCH = 500;

async function putAll(kinesis, streamName, records, opts = {}) {
  const maxAttempts = opts.maxAttempts ?? 8;
  const baseDelayMs = opts.baseDelayMs ?? 50;
  const onPut = opts.onPut ?? (() => {});
  const stats = { puts: 0, records: 0, throttled: 0, retries: 0, failed: [] };
  for (let i = 0; i < records.length; i += MAX_BATCH) {
    let pending = records.slice(i, i + MAX_BATCH);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > 1) {
        stats.retries++;
        await sleep(Math.random() * baseDelayMs * 2 ** Math.min(attempt - 2, 6));
      }
      const started = performance.now();
      let result;
      try {
        result = await kinesis.send(new PutRecordsCommand({
          StreamName: streamName,
          Records: pending.map((r) => ({ Data: r.data, PartitionKey: r.orderId })),
        }));
      } catch (err) {
        if (attempt >= maxAttempts || !isRetryable(err)) throw err;
        stats.throttled += isThrottle(err) ? pending.length : 0;
        continue;
      } finally {
        stats.puts++;
        onPut(performance.now() - started);
      }
      const failed = [];
      result.Records.forEach((entry, k) => {
        if (entry.ErrorCode) {
          if (entry.ErrorCode === 'ProvisionedThroughputExceededException') stats.throttled++;
          failed.push(pending[k]);
        } else {
          stats.records++;
        }
      });
      if (failed.length > 0 && attempt >= maxAttempts) {
        stats.failed.push(...failed);
        break;
      }
      pending = failed;
    }
  }
  return stats;
}

const isThrottle = (err) => err?.name === 'ProvisionedThroughputExceededException' || err?.name === 'ThrottlingException';
const isRetryable = (err) => isThrottle(err) || err?.$retryable || (err?.$metadata?.httpStatusCode ?? 0) >= 500;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

module.exports = { putAll, MAX_BATCH };
