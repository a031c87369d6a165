using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Lambda.Runtime;
using Sluice.LocalCloud.Sqs;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Lambda;

/// <summary>
/// Lambda versions and aliases through the real AWS CLI (skipped loudly without it): publishing,
/// invoking a version or an alias, weighted routing, the errors Lambda answers, and an event source
/// mapping that invokes an alias.
/// </summary>
public sealed class LambdaVersionsTests(LambdaRig rig) : IClassFixture<LambdaRig>
{
    private AwsCli Cli => new(rig.Endpoint);

    [Fact]
    public async Task PublishVersion_FreezesCodeAndConfiguration_AndIsNotRepeatedWhenNothingChanged()
    {
        AwsCli.RequireInstalled();
        var function = await rig.CreateFlakyAsync(environment: new Dictionary<string, string> { ["COLOUR"] = "blue" });
        var name = function.Definition.FunctionName;

        var first = await Cli.JsonAsync("lambda", "publish-version", "--function-name", name, "--description", "blue build");
        var again = await Cli.JsonAsync("lambda", "publish-version", "--function-name", name);
        rig.Lambda.UpdateFunction(function.Definition with { Environment = new Dictionary<string, string> { ["COLOUR"] = "green" } });
        var second = await Cli.JsonAsync("lambda", "publish-version", "--function-name", name);
        var listed = await Cli.JsonAsync("lambda", "list-versions-by-function", "--function-name", name);

        Assert.Equal("1", first.GetProperty("Version").GetString());
        Assert.Equal($"{function.Definition.FunctionArn}:1", first.GetProperty("FunctionArn").GetString());
        Assert.Equal("blue build", first.GetProperty("Description").GetString());
        Assert.Equal("1", again.GetProperty("Version").GetString());
        Assert.Equal("2", second.GetProperty("Version").GetString());
        Assert.Equal(["$LATEST", "1", "2"], listed.GetProperty("Versions").EnumerateArray().Select(v => v.GetProperty("Version").GetString()));
        Assert.Equal($"{function.Definition.FunctionArn}:$LATEST", listed.GetProperty("Versions")[0].GetProperty("FunctionArn").GetString());
        // Each version runs what it was published from, and knows its own number.
        Assert.Equal("\"blue\"", await InvokeAsync(name + ":1", "env:COLOUR"));
        Assert.Equal("\"green\"", await InvokeAsync(name + ":2", "env:COLOUR"));
        Assert.Equal("\"green\"", await InvokeAsync(name, "env:COLOUR"));
        Assert.Equal("\"1\"", await InvokeAsync(name + ":1", "env:AWS_LAMBDA_FUNCTION_VERSION"));
        Assert.Equal("\"$LATEST\"", await InvokeAsync(name, "env:AWS_LAMBDA_FUNCTION_VERSION"));
        var configuration = await Cli.JsonAsync("lambda", "get-function-configuration", "--function-name", name, "--qualifier", "1");
        Assert.Equal("blue", configuration.GetProperty("Environment").GetProperty("Variables").GetProperty("COLOUR").GetString());
        Assert.Equal("1", configuration.GetProperty("Version").GetString());
    }

    [Fact]
    public async Task Alias_RoutesToItsVersion_AndSplitsByWeight()
    {
        AwsCli.RequireInstalled();
        var (function, name) = await TwoVersionsAsync();

        var created = await Cli.JsonAsync("lambda", "create-alias", "--function-name", name, "--name", "live", "--function-version", "1");
        var executed = await ExecutedVersionsAsync(name + ":live", 5);
        var toSecond = await Cli.JsonAsync("lambda", "update-alias", "--function-name", name, "--name", "live",
            "--routing-config", "AdditionalVersionWeights={2=1.0}");
        var allSecond = await ExecutedVersionsAsync(name + ":live", 5);
        await Cli.JsonAsync("lambda", "update-alias", "--function-name", name, "--name", "live", "--routing-config", "AdditionalVersionWeights={2=0.5}");
        var split = await ExecutedVersionsAsync(name + ":live", 60);
        var fetched = await Cli.JsonAsync("lambda", "get-alias", "--function-name", name, "--name", "live");
        var listed = await Cli.JsonAsync("lambda", "list-aliases", "--function-name", name, "--function-version", "2");

        Assert.Equal($"{function.Definition.FunctionArn}:live", created.GetProperty("AliasArn").GetString());
        Assert.Equal("1", created.GetProperty("FunctionVersion").GetString());
        Assert.False(created.TryGetProperty("RoutingConfig", out _));
        Assert.All(executed, v => Assert.Equal("1", v));
        Assert.Equal(1.0, toSecond.GetProperty("RoutingConfig").GetProperty("AdditionalVersionWeights").GetProperty("2").GetDouble());
        Assert.All(allSecond, v => Assert.Equal("2", v));
        // At 0.5, 60 invocations all on one side happen with probability 2^-59.
        Assert.Contains("1", split);
        Assert.Contains("2", split);
        Assert.Equal(0.5, fetched.GetProperty("RoutingConfig").GetProperty("AdditionalVersionWeights").GetProperty("2").GetDouble());
        Assert.Equal(["live"], listed.GetProperty("Aliases").EnumerateArray().Select(a => a.GetProperty("Name").GetString()));
        // The invocation's context carries the alias ARN it was invoked through.
        var records = rig.Lambda.Versions(name).SelectMany(v => v.Records()).ToList();
        Assert.Contains(records, r => r.Version == "2");
    }

    [Fact]
    public async Task VersionsAndAliases_BadRequests_FailWithLambdasErrors()
    {
        AwsCli.RequireInstalled();
        var (function, name) = await TwoVersionsAsync();
        await Cli.JsonAsync("lambda", "create-alias", "--function-name", name, "--name", "live", "--function-version", "1");

        var duplicate = await Cli.FailAsync("lambda", "create-alias", "--function-name", name, "--name", "live", "--function-version", "2");
        var missingAlias = await Cli.FailAsync("lambda", "get-alias", "--function-name", name, "--name", "nope");
        var missingVersion = await Cli.FailAsync("lambda", "create-alias", "--function-name", name, "--name", "next", "--function-version", "9");
        var numeric = await Cli.FailAsync("lambda", "create-alias", "--function-name", name, "--name", "42", "--function-version", "1");
        var latestWeighted = await Cli.FailAsync("lambda", "create-alias", "--function-name", name, "--name", "mixed", "--function-version", "$LATEST",
            "--routing-config", "AdditionalVersionWeights={2=0.1}");
        var overweight = await Cli.FailAsync("lambda", "update-alias", "--function-name", name, "--name", "live", "--routing-config", "AdditionalVersionWeights={2=1.5}");
        var inUse = await Cli.FailAsync("lambda", "delete-function", "--function-name", name, "--qualifier", "1");
        var staleRevision = await Cli.FailAsync("lambda", "update-alias", "--function-name", name, "--name", "live", "--function-version", "2", "--revision-id", Guid.NewGuid().ToString());
        var noSuchQualifier = await Cli.FailAsync([.. AwsCli.Base64BlobArgs, "lambda", "invoke", "--function-name", name, "--qualifier", "nope", Path.GetTempFileName()]);

        Assert.Contains("ResourceConflictException", duplicate, StringComparison.Ordinal);
        Assert.Contains($"Alias already exists: {function.Definition.FunctionArn}:live", duplicate, StringComparison.Ordinal);
        Assert.Contains($"Alias not found: {function.Definition.FunctionArn}:nope", missingAlias, StringComparison.Ordinal);
        Assert.Contains($"Function not found: {function.Definition.FunctionArn}:9", missingVersion, StringComparison.Ordinal);
        // AWS's own answer to an all-digit alias name (its model's pattern refuses it before Lambda looks).
        Assert.Contains("(ValidationException)", numeric, StringComparison.Ordinal);
        Assert.Contains("Value '42' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)", numeric, StringComparison.Ordinal);
        Assert.Contains("$LATEST is not supported for an alias pointing to more than 1 version", latestWeighted, StringComparison.Ordinal);
        Assert.Contains("(ValidationException)", overweight, StringComparison.Ordinal);
        Assert.Contains("Value '1.5' at 'routingConfig.additionalVersionWeights.2.member' failed to satisfy constraint: Member must have value less than or equal to 1.0", overweight, StringComparison.Ordinal);
        Assert.Contains("Unable to delete version because the following aliases reference it: [live]", inUse, StringComparison.Ordinal);
        Assert.Contains("PreconditionFailedException", staleRevision, StringComparison.Ordinal);
        Assert.Contains($"Function not found: {function.Definition.FunctionArn}:nope", noSuchQualifier, StringComparison.Ordinal);
        // Nothing was changed by the refused calls.
        var live = await Cli.JsonAsync("lambda", "get-alias", "--function-name", name, "--name", "live");
        Assert.Equal("1", live.GetProperty("FunctionVersion").GetString());
        Assert.False(live.TryGetProperty("RoutingConfig", out _));
        await Cli.TextAsync("lambda", "delete-function", "--function-name", name, "--qualifier", "2");
        var versions = await Cli.JsonAsync("lambda", "list-versions-by-function", "--function-name", name);
        Assert.Equal(["$LATEST", "1"], versions.GetProperty("Versions").EnumerateArray().Select(v => v.GetProperty("Version").GetString()));
    }

    [Fact]
    public async Task EventSourceMapping_OnAnAlias_InvokesTheAliasVersion()
    {
        AwsCli.RequireInstalled();
        var (function, name) = await TwoVersionsAsync();
        rig.Lambda.CreateAlias(name, "live", "1", null, null);
        var queue = "q-" + Guid.NewGuid().ToString("N")[..8];
        var url = rig.Sqs.CreateQueue(queue, null, null);
        var uuid = Guid.NewGuid().ToString();
        rig.Lambda.CreateEventSourceMapping(new EventSourceMappingDefinition(uuid, $"{function.Definition.FunctionArn}:live",
            $"arn:aws:sqs:us-east-1:000000000000:{queue}", true, 1, null, null, null, null, null, null, null, [], null, null));

        rig.Sqs.SendMessage(url, new SqsSendRequest("through the alias"));
        await Poll.UntilAsync(() => Sqs(function).Contains("sqs through the alias"), () => string.Join("|", Sqs(function)));
        var mapping = await Cli.JsonAsync("lambda", "get-event-source-mapping", "--uuid", uuid);
        var onAlias = await Cli.JsonAsync("lambda", "list-event-source-mappings", "--function-name", name + ":live");
        var onVersion = await Cli.JsonAsync("lambda", "list-event-source-mappings", "--function-name", name + ":2");

        Assert.Equal($"{function.Definition.FunctionArn}:live", mapping.GetProperty("FunctionArn").GetString());
        Assert.Single(onAlias.GetProperty("EventSourceMappings").EnumerateArray());
        Assert.Empty(onVersion.GetProperty("EventSourceMappings").EnumerateArray());
        var started = function.Log.Read().Select(l => l.Text).Where(t => t.StartsWith("START ", StringComparison.Ordinal)).ToList();
        Assert.Contains(started, t => t.EndsWith("Version: 1", StringComparison.Ordinal));
        Assert.Contains(rig.Lambda.Versions(name).SelectMany(v => v.Records()), r => r.Version == "1");
    }

    private static List<string> Sqs(LambdaFunction function) => LambdaRig.FlakyLines(function).Where(l => l.StartsWith("sqs ", StringComparison.Ordinal)).ToList();

    /// <summary>A Flaky function with versions 1 and 2 published.</summary>
    private async Task<(LambdaFunction Function, string Name)> TwoVersionsAsync()
    {
        var function = await rig.CreateFlakyAsync();
        var name = function.Definition.FunctionName;
        rig.Lambda.PublishVersion(name);
        rig.Lambda.UpdateFunction(function.Definition with { Environment = new Dictionary<string, string> { ["SECOND"] = "yes" } });
        rig.Lambda.PublishVersion(name);
        return (function, name);
    }

    private async Task<string> InvokeAsync(string function, string command)
    {
        var outFile = Path.GetTempFileName();
        await Cli.JsonAsync([.. AwsCli.Base64BlobArgs, "lambda", "invoke", "--function-name", function, "--payload", AwsCli.Blob($"\"{command}\""), outFile]);
        var text = await File.ReadAllTextAsync(outFile);
        File.Delete(outFile);
        return text;
    }

    /// <summary>The ExecutedVersion of <paramref name="count"/> synchronous invocations, through the REST API the CLI uses.</summary>
    private async Task<List<string>> ExecutedVersionsAsync(string function, int count)
    {
        using var http = new HttpClient();
        var versions = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var content = new StringContent("\"ping\"");
            using var response = await http.PostAsync(new Uri($"{rig.Endpoint}/2015-03-31/functions/{Uri.EscapeDataString(function)}/invocations"), content);
            Assert.Equal(200, (int)response.StatusCode);
            versions.Add(response.Headers.GetValues("X-Amz-Executed-Version").Single());
        }
        return versions;
    }
}
