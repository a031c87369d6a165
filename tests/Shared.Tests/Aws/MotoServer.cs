using System.Diagnostics;
using System.Text.Json;
using Sluice.Shared.Aws;

namespace Sluice.Shared.Tests.Aws;

/// <summary>
/// A moto server (the Python AWS mock boto3's own tests use) in a child process, with a topic,
/// a one-shard stream, a state machine, a queue, two Lambda functions and an <c>AWS/Lambda</c>
/// Invocations metric of <c>orders-ingest</c> (1, 2 and 4 within the last 20 minutes) created through boto3. Our clients then talk to an
/// independent implementation of the same wire protocols.
/// </summary>
public sealed class MotoServer : IAsyncLifetime
{
    private const string Script = """
        import sys, json, boto3
        from moto.server import ThreadedMotoServer
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        url = f"http://{host}:{port}"
        kw = dict(endpoint_url=url, region_name="eu-west-1", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret")
        topic = boto3.client("sns", **kw).create_topic(Name="orders")["TopicArn"]
        boto3.client("kinesis", **kw).create_stream(StreamName="orders", ShardCount=1)
        definition = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
        machine = boto3.client("stepfunctions", **kw).create_state_machine(
            name="order-fulfilment", definition=definition, roleArn="arn:aws:iam::123456789012:role/sfn")["stateMachineArn"]
        sqs = boto3.client("sqs", **kw)
        queue = sqs.create_queue(QueueName="rejected")["QueueUrl"]
        for i in range(3):
            sqs.send_message(QueueUrl=queue, MessageBody=f"message {i}", MessageAttributes={"type": {"DataType": "String", "StringValue": "sluice.ingest.rejected"}})
        import io, zipfile, datetime
        role = boto3.client("iam", **kw).create_role(RoleName="fn", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as archive:
            archive.writestr("bootstrap", "#!/bin/sh\n")
        for name, memory in [("orders-ingest", 256), ("orders-processor", 512)]:
            boto3.client("lambda", **kw).create_function(FunctionName=name, Runtime="provided.al2023", Role=role, Handler="bootstrap",
                Code={"ZipFile": code.getvalue()}, MemorySize=memory, Timeout=10)
        now = datetime.datetime.now(datetime.timezone.utc)
        boto3.client("cloudwatch", **kw).put_metric_data(Namespace="AWS/Lambda", MetricData=[
            {"MetricName": "Invocations", "Dimensions": [{"Name": "FunctionName", "Value": "orders-ingest"}],
             "Timestamp": now - datetime.timedelta(minutes=m), "Value": v, "Unit": "Count"} for m, v in [(5, 1), (10, 2), (20, 4)]])
        print(json.dumps({"url": url, "topic": topic, "stateMachine": machine, "queue": queue}), flush=True)
        sys.stdin.read()
        server.stop()
        """;

    private Process? _process;

    public string? SkipReason { get; private set; }

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1/");

    public string TopicArn { get; private set; } = string.Empty;

    public string StateMachineArn { get; private set; } = string.Empty;

    /// <summary>A queue holding three messages, each with a String attribute <c>type</c>.</summary>
    public string QueueUrl { get; private set; } = string.Empty;

    public AwsClientOptions Options => new()
    {
        Credentials = new AwsCredentials("AKIDEXAMPLE", "secret"),
        Region = "eu-west-1",
        EndpointUrl = Endpoint,
        Retry = new AwsRetryPolicy { Delay = new RecordedDelays().Delay },
    };

    public async ValueTask InitializeAsync()
    {
        var startInfo = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(Script);
        try
        {
            _process = Process.Start(startInfo);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            SkipReason = "python3 not installed: needed to run moto, an independent AWS protocol implementation (install python3, boto3, moto[server]).";
            return;
        }

        if (_process is null)
        {
            SkipReason = "python3 did not start.";
            return;
        }

        // Drain the server's access log so it cannot block on a full pipe.
        var stderr = new System.Text.StringBuilder();
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();

        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line is null)
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            string log;
            lock (stderr)
            {
                log = stderr.ToString();
            }

            if (log.Contains("No module named", StringComparison.Ordinal))
            {
                SkipReason = $"moto[server] or boto3 not installed: needed to run moto, an independent AWS protocol implementation ({log.Trim()}).";
                return;
            }

            throw new InvalidOperationException($"moto server failed to start: {log}");
        }

        using var ready = JsonDocument.Parse(line);
        Endpoint = new Uri(ready.RootElement.GetProperty("url").GetString()!);
        TopicArn = ready.RootElement.GetProperty("topic").GetString()!;
        StateMachineArn = ready.RootElement.GetProperty("stateMachine").GetString()!;
        QueueUrl = ready.RootElement.GetProperty("queue").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }
}
