using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Cli.Tests.Support;
using Sluice.Shared.Aws;

namespace Sluice.Cli.Tests.Docs;

/// <summary>
/// The README's AWS CLI example, run as written (only the endpoint's port changed) against a local
/// cloud holding the stream and state machine it names, with AWS CLI v1 and with v2.
/// </summary>
public sealed class ReadmeAwsCliTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task AwsCliExample_RunsAsWritten(int major)
    {
        var aws = FindAwsCli(major);
        if (aws is null)
        {
            Assert.Skip($"AWS CLI v{major} not found on PATH: the README's example is run with v1 (pip's awscli) and v2 (apt-get install awscli)");
        }

        await ResourcesTheExampleNamesAsync();
        var directory = Directory.CreateTempSubdirectory("sluice-readme-").FullName;
        var script = Path.Combine(directory, "example.sh");
        await File.WriteAllTextAsync(script, "set -e\n" + Example().Replace("http://127.0.0.1:4566", cloud.Endpoint, StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var (code, output, error) = await RunAsync("bash", [script], directory, Path.GetDirectoryName(aws)!);

        Assert.True(code == 0, $"AWS CLI v{major} ({aws}) exit {code}\n{output}\n{error}");
        Assert.Contains("\"SequenceNumber\"", output, StringComparison.Ordinal);
        Assert.Contains("\"executions\"", output, StringComparison.Ordinal);
        var records = await AwsTestClients.ReadAllAsync(cloud.Endpoint, "sluice-dev-orders");
        Assert.Contains(records, r => r.PartitionKey == "ord-1" && Encoding.UTF8.GetString(r.Data).StartsWith("{\"specversion\":\"1.0\",\"id\":\"evt-1\"", StringComparison.Ordinal));
    }

    /// <summary>The README's shell block that puts a record with the AWS CLI.</summary>
    private static string Example()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Directory, "README.md"));
        var put = readme.IndexOf("kinesis put-record", StringComparison.Ordinal);
        Assert.True(put > 0, "README.md has no AWS CLI example");
        var start = readme.LastIndexOf("```sh\n", put, StringComparison.Ordinal) + "```sh\n".Length;
        return readme[start..readme.IndexOf("```", put, StringComparison.Ordinal)];
    }

    private async Task ResourcesTheExampleNamesAsync()
    {
        using var http = new HttpClient();
        var kinesis = new AwsHttpClient(AwsTestClients.Options(cloud.Endpoint), AwsService.Kinesis, http);
        var sfn = new AwsHttpClient(AwsTestClients.Options(cloud.Endpoint), AwsService.StepFunctions, http);
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await kinesis.SendJsonAsync("Kinesis_20131202.CreateStream", "1.1", Encoding.UTF8.GetBytes("""{"StreamName":"sluice-dev-orders","ShardCount":1}"""), ct);
            var machine = new JsonObject
            {
                ["name"] = "sluice-dev-order-fulfilment",
                ["definition"] = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""",
                ["roleArn"] = "arn:aws:iam::000000000000:role/sfn",
            };
            await sfn.SendJsonAsync("AWSStepFunctions.CreateStateMachine", "1.0", Encoding.UTF8.GetBytes(machine.ToJsonString()), ct);
        }
        catch (AwsServiceException e) when (e.ErrorCode is "ResourceInUseException" or "StateMachineAlreadyExists")
        {
            // The other CLI version's run made them.
        }
    }

    internal static string? FindAwsCli(int major) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "aws")).Where(File.Exists).Distinct()
            .FirstOrDefault(path => Version(path).StartsWith($"aws-cli/{major}.", StringComparison.Ordinal));

    private static string Version(string aws)
    {
        var (_, output, error) = RunAsync(aws, ["--version"], Path.GetTempPath(), null).GetAwaiter().GetResult();
        return (output + error).Trim();
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string file, string[] args, string directory, string? firstOnPath)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (firstOnPath is not null)
        {
            start.Environment["PATH"] = firstOnPath + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }
}
