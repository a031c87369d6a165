using System.Text;
using Sluice.LocalCloud.Lambda.EventSources;

namespace Sluice.LocalCloud.Tests.Lambda;

/// <summary>The partial batch response rules, case by case as AWS behaved in the recordings (test_kinesis_report_batch_item_*).</summary>
public sealed class BatchItemFailuresTests
{
    private static readonly HashSet<string> s_batch = ["100", "200"];

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("{}")]
    [InlineData("{\"batchItemFailures\":[]}")]
    [InlineData("{\"batchItemFailures\":null}")]
    public void Parse_SuccessShapes_MeanNoFailures(string payload) =>
        Assert.Equal([], BatchItemFailures.Parse(Encoding.UTF8.GetBytes(payload), s_batch)!);

    [Theory]
    [InlineData("{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}")]
    [InlineData("{\"batchItemFailures\":[{\"itemIdentifier\":null}]}")]
    [InlineData("{\"batchItemFailures\":[{\"foo\":123}]}")]
    [InlineData("{\"batchItemFailures\":[{\"foo\":null}]}")]
    [InlineData("{\"batchItemFailures\":[{\"itemIdentifier\":\"999\"}]}")]
    [InlineData("{\"batchItemFailures\":[{\"itemIdentifier\":\"100\"},{\"itemIdentifier\":\"999\"}]}")]
    [InlineData("{\"batchItemFailures\":\"100\"}")]
    [InlineData("[1]")]
    [InlineData("{not json")]
    public void Parse_InvalidItems_FailTheWholeBatch(string payload) =>
        Assert.Null(BatchItemFailures.Parse(Encoding.UTF8.GetBytes(payload), s_batch));

    [Fact]
    public void Parse_KnownIdentifiers_AreReturned() =>
        Assert.Equal(["200", "100"], BatchItemFailures.Parse(Encoding.UTF8.GetBytes("{\"batchItemFailures\":[{\"itemIdentifier\":\"200\"},{\"itemIdentifier\":\"100\"}]}"), s_batch)!);
}
