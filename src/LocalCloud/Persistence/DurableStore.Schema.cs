namespace Sluice.LocalCloud.Persistence;

/// <summary>The tables, one group per service; each service's partial file reads and writes its own.</summary>
internal sealed partial class DurableStore
{
    private static string[] Schema =>
    [
        "CREATE TABLE IF NOT EXISTS kinesis_stream(region TEXT NOT NULL, name TEXT NOT NULL, arn TEXT NOT NULL, mode TEXT NOT NULL, created_ms INTEGER NOT NULL, incarnation TEXT NOT NULL, shard_count INTEGER NOT NULL, retention_hours INTEGER NOT NULL, PRIMARY KEY(region, name)) WITHOUT ROWID",
        // Tags, encryption, monitoring, policy and consumers (JSON), beside the stream row so older data directories load unchanged.
        "CREATE TABLE IF NOT EXISTS kinesis_stream_settings(region TEXT NOT NULL, name TEXT NOT NULL, settings BLOB NOT NULL, PRIMARY KEY(region, name)) WITHOUT ROWID",
        // The last counter each shard handed out: sequence numbers never repeat, even after every record was trimmed.
        "CREATE TABLE IF NOT EXISTS kinesis_shard(region TEXT NOT NULL, stream TEXT NOT NULL, shard INTEGER NOT NULL, counter INTEGER NOT NULL, PRIMARY KEY(region, stream, shard)) WITHOUT ROWID",
        // Every shard a split or merge left (hash keys, parents, when it was made and closed), as JSON; a stream without a row has never been resharded.
        "CREATE TABLE IF NOT EXISTS kinesis_shard_layout(region TEXT NOT NULL, name TEXT NOT NULL, layout BLOB NOT NULL, PRIMARY KEY(region, name)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS kinesis_record(region TEXT NOT NULL, stream TEXT NOT NULL, shard INTEGER NOT NULL, counter INTEGER NOT NULL, arrival_ms INTEGER NOT NULL, partition_key TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY(region, stream, shard, counter)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS sqs_queue(region TEXT NOT NULL, name TEXT NOT NULL, arn TEXT NOT NULL, fifo INTEGER NOT NULL, created_ms INTEGER NOT NULL, settings BLOB NOT NULL, tags BLOB NOT NULL, sequence INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(region, name)) WITHOUT ROWID",
        // The rowid keeps arrival order (a message moved to a dead-letter queue is a new row there, at its end).
        "CREATE TABLE IF NOT EXISTS sqs_message(region TEXT NOT NULL, queue TEXT NOT NULL, message_id TEXT NOT NULL, body TEXT NOT NULL, md5 TEXT NOT NULL, attributes BLOB NOT NULL, system_attributes BLOB NOT NULL, sent_ms INTEGER NOT NULL, sender TEXT NOT NULL, group_id TEXT, dedup_id TEXT, sequence TEXT, dlq_source TEXT, visible_ms INTEGER NOT NULL, receive_count INTEGER NOT NULL, first_receive_ms INTEGER NOT NULL, receipt_handle TEXT)",
        "CREATE UNIQUE INDEX IF NOT EXISTS sqs_message_id ON sqs_message(region, queue, message_id)",
        // FIFO de-duplication outlives the message it answered for: five minutes from the first send.
        "CREATE TABLE IF NOT EXISTS sqs_dedup(region TEXT NOT NULL, queue TEXT NOT NULL, key TEXT NOT NULL, message_id TEXT NOT NULL, md5 TEXT NOT NULL, sequence TEXT, expires_ms INTEGER NOT NULL, PRIMARY KEY(region, queue, key)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS sns_topic(region TEXT NOT NULL, arn TEXT NOT NULL, name TEXT NOT NULL, fifo INTEGER NOT NULL, attributes BLOB NOT NULL, tags BLOB NOT NULL, sequence INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(region, arn)) WITHOUT ROWID",
        // The attributes a caller set on the subscription (raw delivery, filter policy and scope, redrive), replayed through the same checks on load.
        "CREATE TABLE IF NOT EXISTS sns_subscription(region TEXT NOT NULL, arn TEXT NOT NULL, topic_arn TEXT NOT NULL, protocol TEXT NOT NULL, endpoint TEXT NOT NULL, attributes BLOB NOT NULL, PRIMARY KEY(region, arn)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS sns_dedup(region TEXT NOT NULL, topic_arn TEXT NOT NULL, key TEXT NOT NULL, message_id TEXT NOT NULL, sequence TEXT, expires_ms INTEGER NOT NULL, PRIMARY KEY(region, key)) WITHOUT ROWID",
        // S3 is one namespace for the account: no region column; each bucket row names its region.
        "CREATE TABLE IF NOT EXISTS s3_bucket(name TEXT PRIMARY KEY, region TEXT NOT NULL, created_ms INTEGER NOT NULL, settings BLOB NOT NULL) WITHOUT ROWID",
        // The rowid orders a key's versions: a new version (or delete marker) is always a new row, so the newest has the largest.
        "CREATE TABLE IF NOT EXISTS s3_version(bucket TEXT NOT NULL, key TEXT NOT NULL, version_id TEXT NOT NULL, record BLOB NOT NULL)",
        "CREATE UNIQUE INDEX IF NOT EXISTS s3_version_id ON s3_version(bucket, key, version_id)",
        "CREATE TABLE IF NOT EXISTS s3_upload(bucket TEXT NOT NULL, upload_id TEXT NOT NULL, record BLOB NOT NULL, PRIMARY KEY(bucket, upload_id)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS s3_part(bucket TEXT NOT NULL, upload_id TEXT NOT NULL, part_number INTEGER NOT NULL, record BLOB NOT NULL, PRIMARY KEY(bucket, upload_id, part_number)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS kms_key(region TEXT NOT NULL, id TEXT NOT NULL, arn TEXT NOT NULL, spec TEXT NOT NULL, usage TEXT NOT NULL, created_ms INTEGER NOT NULL, material BLOB NOT NULL, "
            + "description TEXT NOT NULL, enabled INTEGER NOT NULL, deletion_ms INTEGER, pending_days INTEGER, tags BLOB NOT NULL, PRIMARY KEY(region, id))",
        "CREATE TABLE IF NOT EXISTS kms_alias(region TEXT NOT NULL, name TEXT NOT NULL, key_id TEXT NOT NULL, PRIMARY KEY(region, name)) WITHOUT ROWID",
        // Lambda: a function's $LATEST, versions and aliases are one JSON record; the rowid keeps creation order.
        "CREATE TABLE IF NOT EXISTS lambda_function(name TEXT PRIMARY KEY, record BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS lambda_mapping(uuid TEXT PRIMARY KEY, record BLOB NOT NULL)",
        // The sequence number before which a Kinesis mapping finished every record of the shard: where it resumes.
        "CREATE TABLE IF NOT EXISTS lambda_checkpoint(uuid TEXT NOT NULL, shard_id TEXT NOT NULL, sequence TEXT NOT NULL, PRIMARY KEY(uuid, shard_id)) WITHOUT ROWID",
        // Firehose: a delivery stream's configuration, tags and (Kinesis source) where its last object ends in each shard, as JSON;
        // the records a DirectPut stream buffers, in arrival order; the objects cut and not yet written to the bucket, in order.
        "CREATE TABLE IF NOT EXISTS firehose_stream(region TEXT NOT NULL, name TEXT NOT NULL, record BLOB NOT NULL, PRIMARY KEY(region, name)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS firehose_record(region TEXT NOT NULL, stream TEXT NOT NULL, seq INTEGER NOT NULL, arrival_ms INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(region, stream, seq)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS firehose_object(region TEXT NOT NULL, stream TEXT NOT NULL, seq INTEGER NOT NULL, key TEXT NOT NULL, body BLOB NOT NULL, records INTEGER NOT NULL, PRIMARY KEY(region, stream, seq)) WITHOUT ROWID",
        // CloudWatch Logs: a group's settings and tags as JSON; its streams; its events by their place in the group (the order GetLogEvents reads ties in).
        "CREATE TABLE IF NOT EXISTS logs_group(region TEXT NOT NULL, name TEXT NOT NULL, record BLOB NOT NULL, PRIMARY KEY(region, name)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS logs_stream(region TEXT NOT NULL, log_group TEXT NOT NULL, name TEXT NOT NULL, created_ms INTEGER NOT NULL, PRIMARY KEY(region, log_group, name)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS logs_event(region TEXT NOT NULL, log_group TEXT NOT NULL, seq INTEGER NOT NULL, stream TEXT NOT NULL, timestamp_ms INTEGER NOT NULL, ingestion_ms INTEGER NOT NULL, message TEXT NOT NULL, PRIMARY KEY(region, log_group, seq)) WITHOUT ROWID",
        // Event invocations accepted (202) and not yet finished, in the order accepted (the rowid).
        "CREATE TABLE IF NOT EXISTS lambda_async(id TEXT NOT NULL UNIQUE, function TEXT NOT NULL, payload BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS cfn_stack(stack_id TEXT PRIMARY KEY, ordinal INTEGER NOT NULL, record BLOB NOT NULL) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS cfn_event(stack_id TEXT NOT NULL, sequence INTEGER NOT NULL, record BLOB NOT NULL, PRIMARY KEY(stack_id, sequence)) WITHOUT ROWID",
        // Step Functions: the rowid keeps creation (machines) and start (executions) order; a definition is kept once per distinct text.
        "CREATE TABLE IF NOT EXISTS sfn_state_machine(region TEXT NOT NULL, arn TEXT NOT NULL, record BLOB NOT NULL, UNIQUE(region, arn))",
        "CREATE TABLE IF NOT EXISTS sfn_definition(hash TEXT PRIMARY KEY, text TEXT NOT NULL) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS sfn_execution(region TEXT NOT NULL, arn TEXT NOT NULL, definition TEXT NOT NULL, record BLOB NOT NULL, UNIQUE(region, arn))",
        "CREATE INDEX IF NOT EXISTS sfn_execution_arn ON sfn_execution(arn)",
        // A state's entered or exited event keeps its state's name and text (input or output); any other event its details' JSON.
        "CREATE TABLE IF NOT EXISTS sfn_event(arn TEXT NOT NULL, id INTEGER NOT NULL, previous INTEGER NOT NULL, ticks INTEGER NOT NULL, type TEXT NOT NULL, state TEXT, text TEXT, PRIMARY KEY(arn, id)) WITHOUT ROWID",
        // Where each program (the execution, a branch, an iteration: its path) stood; what a redrive or a restart continues from.
        "CREATE TABLE IF NOT EXISTS sfn_position(arn TEXT NOT NULL, path TEXT NOT NULL, state TEXT NOT NULL, event_id INTEGER NOT NULL, PRIMARY KEY(arn, path)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS sfn_succeeded(arn TEXT NOT NULL, path TEXT NOT NULL, output TEXT NOT NULL, PRIMARY KEY(arn, path)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS sfn_variables(arn TEXT NOT NULL, path TEXT NOT NULL, variables TEXT NOT NULL, PRIMARY KEY(arn, path)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS cfn_change_set(change_set_id TEXT PRIMARY KEY, ordinal INTEGER NOT NULL, record BLOB NOT NULL) WITHOUT ROWID",
    ];
}
