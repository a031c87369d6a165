using System.Text.Json;

namespace Sluice.Shared.Tests.Aws.CloudFormation;

/// <summary>botocore-modelled answers for every operation the client reads, made once per test class.</summary>
public sealed class CloudFormationModelFixture : IAsyncLifetime
{
    public static readonly string[] Operations =
    [
        "DescribeStacks", "ListStackResources", "DescribeStackEvents", "CreateChangeSet", "DescribeChangeSet",
        "ListChangeSets", "DetectStackDrift", "DescribeStackDriftDetectionStatus", "DescribeStackResourceDrifts", "GetTemplate",
    ];

    private Dictionary<string, (string Xml, JsonElement Parsed)>? _answers;
    private string? _skipReason;

    internal (string Xml, JsonElement Parsed) Answer(string operation)
    {
        if (_skipReason is not null)
        {
            Assert.Skip(_skipReason);
        }

        return _answers![operation];
    }

    public async ValueTask InitializeAsync()
    {
        try
        {
            _answers = await BotocoreQueryModel.ResponsesAsync("cloudformation", Operations);
        }
        catch (Xunit.Sdk.SkipException e)
        {
            // A fixture cannot skip; each test that needs the answers does.
            _skipReason = e.Message;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
