#!/usr/bin/env python3
"""Drives the same messaging workload against one endpoint and prints JSON figures.

Usage: bench.py <endpoint-url> <seconds-per-workload>
Workloads (one client, sequential calls, as the issue asks):
  kinesis-1-shard / kinesis-4-shards: PutRecords, 500 records of 1 KiB per call (records/s)
  sqs: SendMessageBatch(10) + ReceiveMessage(10) + DeleteMessageBatch(10) (messages/s)
"""
import json
import os
import sys
import time
import uuid

import boto3
from botocore.config import Config

endpoint, seconds = sys.argv[1], float(sys.argv[2])
session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
config = Config(retries={"max_attempts": 1}, tcp_keepalive=True)
kinesis = session.client("kinesis", endpoint_url=endpoint, config=config)
sqs = session.client("sqs", endpoint_url=endpoint, config=config)
payload = os.urandom(1024)


def wait_active(name):
    for _ in range(100):
        if kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamStatus"] == "ACTIVE":
            return
        time.sleep(0.1)


def put_records(shards):
    name = f"bench-{shards}-{uuid.uuid4().hex[:8]}"
    kinesis.create_stream(StreamName=name, ShardCount=shards)
    wait_active(name)
    records = [{"Data": payload, "PartitionKey": f"order-{i}"} for i in range(500)]
    sent = failed = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        answer = kinesis.put_records(StreamName=name, Records=records)
        failed += answer["FailedRecordCount"]
        sent += len(records) - answer["FailedRecordCount"]
    elapsed = time.perf_counter() - start
    kinesis.delete_stream(StreamName=name)
    return {"records_per_s": sent / elapsed, "failed": failed, "calls": (sent + failed) // 500}


def sqs_round_trip():
    url = sqs.create_queue(QueueName=f"bench-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    body = "x" * 1024
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": body} for i in range(10)])
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if got:
            sqs.delete_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(got)])
        done += len(got)
    elapsed = time.perf_counter() - start
    sqs.delete_queue(QueueUrl=url)
    return {"messages_per_s": done / elapsed}


print(json.dumps({
    "kinesis-1-shard": put_records(1),
    "kinesis-4-shards": put_records(4),
    "sqs": sqs_round_trip(),
}))
