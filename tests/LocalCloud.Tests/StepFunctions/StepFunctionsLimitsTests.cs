using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.StepFunctions;

/// <summary>
/// AWS's Step Functions quotas through the real AWS CLI: 25,000 history events per execution and
/// 256 KiB (as UTF-8) for an execution's input and a task's output.
/// </summary>
public sealed class StepFunctionsLimitsTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>, IDisposable
{
    private const string Role = "arn:aws:iam::000000000000:role/local";
    private const string PassThrough = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""";
    private readonly AwsCli _aws = new(cloud.Endpoint);
    private readonly string _dir = Directory.CreateTempSubdirectory("sfn-limits-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task StartExecution_EndlessPassLoop_FailsAtTheHistoryQuotaWithEvent25000()
    {
        AwsCli.RequireInstalled();
        var machine = await CreateAsync("limits-self-loop", """
            {"StartAt":"Again","States":{
              "Again":{"Type":"Pass","Next":"Check"},
              "Check":{"Type":"Choice","Choices":[{"Variable":"$.stop","IsPresent":true,"Next":"Done"}],"Default":"Again"},
              "Done":{"Type":"Succeed"}}}
            """);

        var run = (await _aws.JsonAsync("stepfunctions", "start-execution", "--state-machine-arn", machine)).GetProperty("executionArn").GetString()!;
        var finished = await FinishedAsync(run);
        var last = await _aws.JsonAsync("stepfunctions", "get-execution-history", "--execution-arn", run, "--reverse-order", "--max-items", "1");

        Assert.Equal("FAILED", finished.GetProperty("status").GetString());
        Assert.Equal("States.Runtime", finished.GetProperty("error").GetString());
        Assert.Equal("The execution reached the maximum number of history events (25000).", finished.GetProperty("cause").GetString());
        var final = Assert.Single(last.GetProperty("events").EnumerateArray());
        Assert.Equal(25000, final.GetProperty("id").GetInt64());
        Assert.Equal("ExecutionFailed", final.GetProperty("type").GetString());
    }

    [Fact]
    public async Task StartExecution_InputOf256KiB_RunsAndOneByteMoreIsRefused()
    {
        AwsCli.RequireInstalled();
        var machine = await CreateAsync("limits-input", PassThrough);
        var fits = Input(262144, "a");
        var over = Input(262145, "a");

        var run = (await _aws.JsonAsync("stepfunctions", "start-execution", "--state-machine-arn", machine, "--input", fits)).GetProperty("executionArn").GetString()!;
        var refused = await _aws.FailAsync("stepfunctions", "start-execution", "--state-machine-arn", machine, "--input", over);
        var finished = await FinishedAsync(run);

        Assert.Equal("SUCCEEDED", finished.GetProperty("status").GetString());
        Assert.Contains("(ValidationException)", refused, StringComparison.Ordinal);
        Assert.Contains("Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartExecution_MultiByteInputOver256KiBAsUtf8_IsRefusedThoughShorterInCharacters()
    {
        AwsCli.RequireInstalled();
        var machine = await CreateAsync("limits-utf8", PassThrough);
        // 140,000 two-byte characters: under 262,144 characters, over 262,144 bytes.
        var over = Input(140_000 * 2 + 8, "é");

        var refused = await _aws.FailAsync("stepfunctions", "start-execution", "--state-machine-arn", machine, "--input", over);

        Assert.Contains("(ValidationException)", refused, StringComparison.Ordinal);
    }

    /// <summary>A file:// argument holding {"v":"…"} of exactly <paramref name="bytes"/> UTF-8 bytes (the command line cannot carry 256 KiB).</summary>
    private string Input(int bytes, string filler)
    {
        var fillerBytes = Encoding.UTF8.GetByteCount(filler);
        var room = bytes - Encoding.UTF8.GetByteCount("""{"v":""}""");
        var text = $$"""{"v":"{{string.Concat(Enumerable.Repeat(filler, room / fillerBytes))}}{{new string('a', room % fillerBytes)}}"}""";
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(text));
        var path = Path.Combine(_dir, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return "file://" + path;
    }

    private async Task<string> CreateAsync(string name, string definition) =>
        (await _aws.JsonAsync("stepfunctions", "create-state-machine", "--name", name, "--role-arn", Role, "--definition", definition))
            .GetProperty("stateMachineArn").GetString()!;

    private async Task<JsonElement> FinishedAsync(string executionArn)
    {
        var last = "nothing yet";
        var described = await Poll.ForAsync<JsonNode>(async () =>
        {
            var json = await _aws.JsonAsync("stepfunctions", "describe-execution", "--execution-arn", executionArn);
            last = json.GetProperty("status").GetString()!;
            return last == "RUNNING" ? null : JsonNode.Parse(json.GetRawText());
        }, () => last);
        return JsonDocument.Parse(described.ToJsonString()).RootElement;
    }
}
