using System.Diagnostics;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Persistence;

/// <summary>The standalone host's --data-dir as a user starts it.</summary>
public sealed class DataDirectoryProgramTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("sluice-data-").FullName;

    [Fact]
    public async Task Main_DataDirectoryHeldByRunningHost_SecondHostExitsWithTheReason()
    {
        using var first = await LocalCloudProcess.StartAsync("--data-dir", _data);

        var (exit, error) = await RunAsync("--port", "0", "--data-dir", _data);

        Assert.Equal(1, exit);
        Assert.Contains("is in use by another local cloud", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_DataDirectoryWithTemplate_KilledAndStartedAgain_KeepsTheStackAndUpdatesItWhenTheTemplateChanges()
    {
        AwsCli.RequireInstalled();
        var template = Path.Combine(_data, "..", Path.GetFileName(_data) + "-template.yaml");
        File.WriteAllText(template, Template(extraQueue: false));
        try
        {
            string queueUrl;
            string flowArn;
            int events;
            using (var first = await LocalCloudProcess.StartAsync("--data-dir", _data, "--template", template, "--stack-name", "kept"))
            {
                var aws = new AwsCli(first.Endpoint);
                var outputs = await OutputsAsync(aws);
                (queueUrl, flowArn) = (outputs["QueueUrl"], outputs["FlowArn"]);
                await aws.JsonAsync("sqs", "send-message", "--queue-url", queueUrl, "--message-body", "kept through the restart");
                events = (await aws.JsonAsync("cloudformation", "describe-stack-events", "--stack-name", "kept")).GetProperty("StackEvents").GetArrayLength();
                await first.KillAsync();
            }

            using (var second = await LocalCloudProcess.StartAsync("--data-dir", _data, "--template", template, "--stack-name", "kept"))
            {
                var aws = new AwsCli(second.Endpoint);
                var stack = (await aws.JsonAsync("cloudformation", "describe-stacks", "--stack-name", "kept")).GetProperty("Stacks")[0];
                var message = (await aws.JsonAsync("sqs", "receive-message", "--queue-url", queueUrl)).GetProperty("Messages")[0];
                var machine = await aws.JsonAsync("stepfunctions", "describe-state-machine", "--state-machine-arn", flowArn);
                var eventsAfter = (await aws.JsonAsync("cloudformation", "describe-stack-events", "--stack-name", "kept")).GetProperty("StackEvents").GetArrayLength();

                Assert.Equal("CREATE_COMPLETE", stack.GetProperty("StackStatus").GetString());
                Assert.Equal("kept through the restart", message.GetProperty("Body").GetString());
                Assert.Equal("ACTIVE", machine.GetProperty("status").GetString());
                Assert.Equal(events, eventsAfter);
                await second.KillAsync();
            }

            File.WriteAllText(template, Template(extraQueue: true));
            using var third = await LocalCloudProcess.StartAsync("--data-dir", _data, "--template", template, "--stack-name", "kept");
            var cli = new AwsCli(third.Endpoint);
            var updated = (await cli.JsonAsync("cloudformation", "describe-stacks", "--stack-name", "kept")).GetProperty("Stacks")[0];
            // By name: a URL names the port of the host that answers it, and these hosts took any free port.
            var queues = (await cli.JsonAsync("sqs", "list-queues")).GetProperty("QueueUrls").EnumerateArray().Select(q => q.GetString()!.Split('/')[^1]).ToList();

            Assert.Equal("UPDATE_COMPLETE", updated.GetProperty("StackStatus").GetString());
            Assert.Equal(2, queues.Count);
            Assert.Contains(queueUrl.Split('/')[^1], queues);
        }
        finally
        {
            File.Delete(template);
        }
    }

    private static string Template(bool extraQueue) => $$"""
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Work:
            Type: AWS::SQS::Queue
        {{(extraQueue ? "  Extra:\n    Type: AWS::SQS::Queue" : "")}}
          Flow:
            Type: AWS::Serverless::StateMachine
            Properties:
              Definition:
                StartAt: Done
                States:
                  Done: {Type: Pass, End: true}
              Policies: []
        Outputs:
          QueueUrl:
            Value: !Ref Work
          FlowArn:
            Value: !Ref Flow
        """;

    private static async Task<Dictionary<string, string>> OutputsAsync(AwsCli aws) =>
        (await aws.JsonAsync("cloudformation", "describe-stacks", "--stack-name", "kept")).GetProperty("Stacks")[0].GetProperty("Outputs").EnumerateArray()
            .ToDictionary(o => o.GetProperty("OutputKey").GetString()!, o => o.GetProperty("OutputValue").GetString()!);

    private static async Task<(int Exit, string Error)> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Sluice.LocalCloud.dll"));
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await output;
        return (process.ExitCode, error);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
