using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Sqs;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Lambda;

/// <summary>The host of these tests runs on a clock the test moves, so records can age by minutes in milliseconds.</summary>
public sealed class AgingLambdaRig : IAsyncLifetime
{
    internal FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    internal LambdaRig Rig { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Rig = new LambdaRig { Clock = Clock };
        await Rig.InitializeAsync();
    }

    public async ValueTask DisposeAsync() => await Rig.DisposeAsync();
}

/// <summary>MaximumRecordAgeInSeconds: records older than that go to the on-failure destination instead of the function.</summary>
public sealed class RecordAgeTests(AgingLambdaRig aging) : IClassFixture<AgingLambdaRig>
{
    private static readonly JsonElement s_recorded = RecordedSnapshots.Load("lambda_/event_source_mapping/test_lambda_integration_kinesis.snapshot.json");

    private LambdaRig Rig => aging.Rig;

    [Fact]
    public async Task MaximumRecordAge_ExceededWhileRetrying_SendsRecordAgeExceeded()
    {
        var function = await Rig.CreateFlakyAsync();
        var (stream, queueUrl, queueArn) = Setup();
        Put(stream, "x|throw");
        Map(function.Definition.FunctionName, stream, queueArn);
        await Poll.UntilAsync(() => function.Records().Count >= 2, () => function.Records().Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

        aging.Clock.Advance(TimeSpan.FromSeconds(61));
        var body = await ReceiveOneAsync(queueUrl);

        var recorded = RecordedSnapshots.Test(s_recorded, "test_kinesis_maximum_record_age_exceeded[expire-while-retrying]")
            .GetProperty("record_age_exceeded_payload").GetProperty("Messages")[0].GetProperty("Body");
        RecordedShape.AssertMatches(recorded, body);
        Assert.Equal("RecordAgeExceeded", body.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.True(body.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32() >= 2);
    }

    [Fact]
    public async Task MaximumRecordAge_ExceededBeforeTheFirstInvoke_NeverInvokesTheFunction()
    {
        var function = await Rig.CreateFlakyAsync();
        var (stream, queueUrl, queueArn) = Setup();
        Put(stream, "old|ok");
        aging.Clock.Advance(TimeSpan.FromSeconds(120));
        Put(stream, "new|ok");
        Map(function.Definition.FunctionName, stream, queueArn);

        var body = await ReceiveOneAsync(queueUrl);
        await Poll.UntilAsync(() => LambdaRig.FlakyLines(function).Contains("k new|ok"), () => string.Join("|", LambdaRig.FlakyLines(function)));

        Assert.Equal("RecordAgeExceeded", body.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(1, body.GetProperty("KinesisBatchInfo").GetProperty("batchSize").GetInt32());
        Assert.DoesNotContain("k old|ok", LambdaRig.FlakyLines(function));
    }

    private (KinesisStream Stream, string QueueUrl, string QueueArn) Setup()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        Rig.Kinesis.CreateStream("aging-" + suffix, 1, "PROVISIONED");
        var url = Rig.Sqs.CreateQueue("aged-" + suffix, null, null);
        return (Rig.Kinesis.Stream("aging-" + suffix, null), url, "arn:aws:sqs:us-east-1:000000000000:aged-" + suffix);
    }

    private void Put(KinesisStream stream, string text) =>
        Assert.Null(Rig.Kinesis.PutRecord(stream, new KinesisPutEntry(Encoding.UTF8.GetBytes(text), "k", null)).ErrorCode);

    private void Map(string function, KinesisStream stream, string destination) =>
        Rig.Lambda.CreateEventSourceMapping(new EventSourceMappingDefinition(
            Guid.NewGuid().ToString(), function, stream.Arn, true, 10, null, "TRIM_HORIZON", null, null, null, null, 60, [], destination, null));

    private async Task<JsonElement> ReceiveOneAsync(string queueUrl)
    {
        var messages = await Rig.Sqs.ReceiveMessageAsync(queueUrl, new SqsReceiveRequest { MaxNumberOfMessages = 1, WaitTimeSeconds = 20 }, default).WaitAsync(LambdaRig.Wait);
        Assert.Single(messages);
        return JsonDocument.Parse(messages[0].Body).RootElement;
    }
}
