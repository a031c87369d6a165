using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Cli.Tests.Support;
using Sluice.Shared;
using Sluice.Shared.Aws;

namespace Sluice.Cli.Tests.Up;

/// <summary>`sluice up` keeps its state in .sluice/data of the project by default: a second `up` finds the stack and what was sent.</summary>
public sealed partial class UpDataDirectoryTests : IDisposable
{
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromMinutes(2);
    private readonly string _project = Directory.CreateTempSubdirectory("sluice-project-").FullName;

    public UpDataDirectoryTests()
    {
        Directory.CreateDirectory(Path.Combine(_project, "infra"));
        File.WriteAllText(Path.Combine(_project, "infra", "template.yaml"), """
            Resources:
              Work:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: kept-work
            Outputs:
              QueueName:
                Value: !GetAtt Work.QueueName
            """);
    }

    [Fact]
    public async Task Up_TwiceWithTheDefaults_SecondFindsTheStackAndTheMessageSentToTheFirst()
    {
        if (!CToolchainProbe.Available())
        {
            Assert.Skip("gcc not installed: `up` checks for the C toolchain native AOT links functions with");
        }
        var data = Path.Combine(_project, ".sluice", "data");

        var (firstPrinted, firstEndpoint) = await UpAsync(async endpoint =>
            await SqsAsync(endpoint, "SendMessage", $$"""{"QueueUrl":"{{endpoint}}/000000000000/kept-work","MessageBody":"sent before the stop"}"""));
        string? received = null;
        var (secondPrinted, _) = await UpAsync(async endpoint =>
        {
            using var answer = JsonDocument.Parse(await SqsAsync(endpoint, "ReceiveMessage", $$"""{"QueueUrl":"{{endpoint}}/000000000000/kept-work"}"""));
            received = answer.RootElement.GetProperty("Messages")[0].GetProperty("Body").GetString();
        });

        Assert.Contains($"Data: {data} (kept across restarts", firstPrinted, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data, "localcloud.db")), "the store is not under .sluice/data of the project");
        Assert.Contains("kept-work", firstPrinted, StringComparison.Ordinal);
        Assert.Contains("kept-work", secondPrinted, StringComparison.Ordinal);
        Assert.DoesNotContain(": kept in the data directory", firstPrinted, StringComparison.Ordinal);
        Assert.Contains(": kept in the data directory, unchanged", secondPrinted, StringComparison.Ordinal);
        Assert.Equal("sent before the stop", received);
        Assert.NotNull(firstEndpoint);
    }

    [Fact]
    public async Task Up_DataDirAndEphemeral_RefusedAsContradictory()
    {
        var result = await CliRunner.RunAsync(["up", "--port", "0", "--ephemeral", "--data-dir", _project], environment: UpCommandTests.WithPath());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--data-dir and --ephemeral contradict each other", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Runs `up` in the project until it prints its outputs, calls <paramref name="whileUp"/>, then stops it (Ctrl-C) and checks it exited 0.</summary>
    private async Task<(string Printed, string Endpoint)> UpAsync(Func<string, Task> whileUp)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var host = new CliHost
        {
            Out = TextWriter.Synchronized(output),
            Error = TextWriter.Synchronized(error),
            IsTerminal = false,
            Environment = new DictionaryEnvironment(UpCommandTests.WithPath()),
            WorkingDirectory = _project,
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = SluiceCommand.RunAsync(host, ["up", "--port", "0"], stop.Token);
        var deadline = DateTime.UtcNow + s_readyTimeout;
        while (!output.ToString().Contains("Outputs:", StringComparison.Ordinal) && !run.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        var printed = output.ToString();
        Assert.False(run.IsCompleted, $"up ended early:\n{printed}\n{error}");
        var endpoint = EndpointLine().Match(printed);
        Assert.True(endpoint.Success, printed);
        await whileUp(endpoint.Groups[1].Value);
        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        return (printed, endpoint.Groups[1].Value);
    }

    private static async Task<string> SqsAsync(string endpoint, string action, string body)
    {
        using var http = new HttpClient();
        var sqs = new AwsHttpClient(AwsTestClients.Options(endpoint), AwsService.Sqs, http);
        return Encoding.UTF8.GetString(await sqs.SendJsonAsync("AmazonSQS." + action, "1.0", Encoding.UTF8.GetBytes(body), TestContext.Current.CancellationToken));
    }

    [GeneratedRegex(@"^Endpoint: (http://127\.0\.0\.1:\d+)\r?$", RegexOptions.Multiline)]
    private static partial Regex EndpointLine();

    public void Dispose() => Directory.Delete(_project, recursive: true);
}
