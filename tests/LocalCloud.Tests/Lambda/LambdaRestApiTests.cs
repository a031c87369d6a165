using System.Text;
using System.Text.Json;
using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Lambda;

/// <summary>The Lambda REST API through the real AWS CLI (skipped loudly without it), and the local read-outs over HTTP.</summary>
public sealed class LambdaRestApiTests(LambdaRig rig) : IClassFixture<LambdaRig>
{
    private AwsCli Cli => new(rig.Endpoint);

    [Fact]
    public async Task Invoke_RequestResponse_ReturnsThePayloadAndExecutedVersion()
    {
        AwsCli.RequireInstalled();
        var function = await rig.CreateFlakyAsync();
        var outFile = Path.GetTempFileName();

        var result = await Cli.JsonAsync([.. AwsCli.Base64BlobArgs, "lambda", "invoke", "--function-name", function.Definition.FunctionName, "--payload", AwsCli.Blob("\"hello\""), outFile]);

        Assert.Equal(200, result.GetProperty("StatusCode").GetInt32());
        Assert.Equal("$LATEST", result.GetProperty("ExecutedVersion").GetString());
        Assert.False(result.TryGetProperty("FunctionError", out _));
        Assert.Equal("\"hello\"", await File.ReadAllTextAsync(outFile));
        File.Delete(outFile);
    }

    [Fact]
    public async Task Invoke_FunctionError_ReturnsUnhandledAndTheErrorDocumentWithTheLogTail()
    {
        AwsCli.RequireInstalled();
        var function = await rig.CreateFlakyAsync();
        var outFile = Path.GetTempFileName();

        var result = await Cli.JsonAsync([.. AwsCli.Base64BlobArgs, "lambda", "invoke", "--function-name", function.Definition.FunctionArn, "--log-type", "Tail", "--payload", AwsCli.Blob("\"throw\""), outFile]);

        Assert.Equal("Unhandled", result.GetProperty("FunctionError").GetString());
        using var error = JsonDocument.Parse(await File.ReadAllTextAsync(outFile));
        Assert.Equal("FlakyError", error.RootElement.GetProperty("errorType").GetString());
        var tail = Encoding.UTF8.GetString(Convert.FromBase64String(result.GetProperty("LogResult").GetString()!));
        Assert.StartsWith("START RequestId: ", tail, StringComparison.Ordinal);
        Assert.Contains("FLAKY direct throw", tail, StringComparison.Ordinal);
        Assert.Contains("REPORT RequestId: ", tail, StringComparison.Ordinal);
        File.Delete(outFile);
    }

    [Fact]
    public async Task Invoke_EventAndDryRun_AnswerAcceptedAndNoContent()
    {
        AwsCli.RequireInstalled();
        var function = await rig.CreateFlakyAsync();
        var outFile = Path.GetTempFileName();

        var queued = await Cli.JsonAsync([.. AwsCli.Base64BlobArgs, "lambda", "invoke", "--function-name", function.Definition.FunctionName, "--invocation-type", "Event", "--payload", AwsCli.Blob("\"queued\""), outFile]);
        var dry = await Cli.JsonAsync([.. AwsCli.Base64BlobArgs, "lambda", "invoke", "--function-name", function.Definition.FunctionName, "--invocation-type", "DryRun", "--payload", AwsCli.Blob("\"dry\""), outFile]);
        await Poll.UntilAsync(() => LambdaRig.FlakyLines(function).Contains("direct queued"), () => string.Join("|", LambdaRig.FlakyLines(function)));

        Assert.Equal(202, queued.GetProperty("StatusCode").GetInt32());
        Assert.Equal(204, dry.GetProperty("StatusCode").GetInt32());
        Assert.DoesNotContain("direct dry", LambdaRig.FlakyLines(function));
        File.Delete(outFile);
    }

    [Fact]
    public async Task Invoke_UnknownFunctionOrBadPayload_FailsWithLambdasErrors()
    {
        AwsCli.RequireInstalled();
        var function = await rig.CreateFlakyAsync();
        var outFile = Path.GetTempFileName();

        var missing = await Cli.FailAsync([.. AwsCli.Base64BlobArgs, "lambda", "invoke", "--function-name", "no-such-function", outFile]);
        var invalid = await Cli.FailAsync([.. AwsCli.Base64BlobArgs, "lambda", "invoke", "--function-name", function.Definition.FunctionName, "--payload", AwsCli.Blob("{not json"), outFile]);

        Assert.Contains("ResourceNotFoundException", missing, StringComparison.Ordinal);
        Assert.Contains("Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function", missing, StringComparison.Ordinal);
        Assert.Contains("InvalidRequestContentException", invalid, StringComparison.Ordinal);
        File.Delete(outFile);
    }

    [Fact]
    public async Task UnservedOperations_UnderAnyApiVersion_AreRefusedByName_NotAnsweredByAnotherRoute()
    {
        AwsCli.RequireInstalled();
        var function = await rig.CreateFlakyAsync();
        var name = function.Definition.FunctionName;

        // GET .../functions/{name}/policy is GetPolicy, not GetFunction's path plus a segment; provisioned
        // concurrency lives under the 2019-09-30 API version, tags under 2017-03-31.
        var policy = await Cli.FailAsync("lambda", "get-policy", "--function-name", name);
        var provisioned = await Cli.FailAsync("lambda", "get-provisioned-concurrency-config", "--function-name", name, "--qualifier", "1");
        var tags = await Cli.FailAsync("lambda", "list-tags", "--resource", function.Definition.FunctionArn);

        Assert.Contains("UnknownOperationException", policy, StringComparison.Ordinal);
        Assert.Contains("GetPolicy is not served", policy, StringComparison.Ordinal);
        Assert.Contains("UnknownOperationException", provisioned, StringComparison.Ordinal);
        Assert.Contains("GetProvisionedConcurrencyConfig is not served", provisioned, StringComparison.Ordinal);
        Assert.Contains("ListTags is not served", tags, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAndListFunctionsAndMappings_DescribeWhatWasCreated()
    {
        AwsCli.RequireInstalled();
        var function = await rig.CreateFlakyAsync(timeoutSeconds: 7, reserved: 3);
        var stream = "cli-" + Guid.NewGuid().ToString("N")[..8];
        rig.Kinesis.CreateStream(stream, 1, "PROVISIONED");
        var uuid = Guid.NewGuid().ToString();
        rig.Lambda.CreateEventSourceMapping(new EventSourceMappingDefinition(uuid, function.Definition.FunctionName, rig.Kinesis.Stream(stream, null).Arn, true,
            25, null, "LATEST", null, 2, true, 4, 3600, ["ReportBatchItemFailures"], null, null));

        var got = await Cli.JsonAsync("lambda", "get-function", "--function-name", function.Definition.FunctionName);
        var listed = await Cli.JsonAsync("lambda", "list-functions");
        var mappings = await Cli.JsonAsync("lambda", "list-event-source-mappings", "--function-name", function.Definition.FunctionName);
        var mapping = await Cli.JsonAsync("lambda", "get-event-source-mapping", "--uuid", uuid);
        var missing = await Cli.FailAsync("lambda", "get-event-source-mapping", "--uuid", Guid.NewGuid().ToString());

        var configuration = got.GetProperty("Configuration");
        Assert.Equal(function.Definition.FunctionArn, configuration.GetProperty("FunctionArn").GetString());
        Assert.Equal("provided.al2023", configuration.GetProperty("Runtime").GetString());
        Assert.Equal(7, configuration.GetProperty("Timeout").GetInt32());
        Assert.True(configuration.GetProperty("CodeSize").GetInt64() > 0);
        Assert.Equal(3, got.GetProperty("Concurrency").GetProperty("ReservedConcurrentExecutions").GetInt32());
        Assert.Contains(listed.GetProperty("Functions").EnumerateArray(), f => f.GetProperty("FunctionName").GetString() == function.Definition.FunctionName);
        Assert.Equal([uuid], mappings.GetProperty("EventSourceMappings").EnumerateArray().Select(m => m.GetProperty("UUID").GetString()));
        Assert.Equal(25, mapping.GetProperty("BatchSize").GetInt32());
        Assert.Equal(2, mapping.GetProperty("ParallelizationFactor").GetInt32());
        Assert.Equal(3600, mapping.GetProperty("MaximumRecordAgeInSeconds").GetInt32());
        Assert.Equal("Enabled", mapping.GetProperty("State").GetString());
        Assert.Contains("ResourceNotFoundException", missing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalReadouts_ServeTheFunctionsLogAndInvocationRecords()
    {
        var function = await rig.CreateFlakyAsync();
        await rig.Lambda.InvokeAsync(function.Definition.FunctionName, LambdaRig.Json("\"visible\""), false, default).WaitAsync(LambdaRig.Wait);
        using var http = new HttpClient();

        var logs = await http.GetStringAsync($"{rig.Endpoint}/_localcloud/lambda/functions/{function.Definition.FunctionName}/logs").WaitAsync(LambdaRig.Wait);
        using var records = JsonDocument.Parse(await http.GetStringAsync($"{rig.Endpoint}/_localcloud/lambda/functions/{function.Definition.FunctionName}/invocations").WaitAsync(LambdaRig.Wait));

        Assert.Contains("FLAKY direct visible\n", logs, StringComparison.Ordinal);
        var record = Assert.Single(records.RootElement.GetProperty("Invocations").EnumerateArray());
        Assert.True(record.GetProperty("ColdStart").GetBoolean());
        Assert.True(record.GetProperty("PeakMemoryBytes").GetInt64() > 0);
    }

    [Fact]
    public async Task LambdaInvoker_FunctionErrorAndMissingFunction_AreWhatStepFunctionsExpects()
    {
        var function = await rig.CreateFlakyAsync();
        var invoker = new LambdaInvoker(rig.Lambda);

        var ok = await invoker.InvokeAsync(function.Definition.FunctionArn, "\"fine\"", default).WaitAsync(LambdaRig.Wait);
        var failed = await invoker.InvokeAsync(function.Definition.FunctionName, "\"throw\"", default).WaitAsync(LambdaRig.Wait);
        var missing = await invoker.InvokeAsync("arn:aws:lambda:us-east-1:000000000000:function:absent", "{}", default).WaitAsync(LambdaRig.Wait);

        Assert.Equal("\"fine\"", ok.Payload);
        Assert.Null(ok.FunctionError);
        Assert.Equal("Unhandled", failed.FunctionError);
        Assert.Equal("FlakyError", JsonDocument.Parse(failed.Payload).RootElement.GetProperty("errorType").GetString());
        Assert.Equal("Lambda.ResourceNotFoundException", missing.ServiceError!.Error);
    }
}
