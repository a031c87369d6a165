using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sluice.LocalCloud.Firehose;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Kms;
using Sluice.LocalCloud.Logs;
using Sluice.LocalCloud.Protocol;
using Sluice.LocalCloud.Sqs;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Hosting;

/// <summary>
/// Requests of the JSON-protocol services are held to AWS's API models before the service sees them,
/// answered with AWS's request-validation errors. Expected messages marked "recorded" are AWS's own,
/// as recorded against real accounts.
/// </summary>
public sealed class ModelValidationTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(cloud.Endpoint) };

    public void Dispose() => _http.Dispose();

    private async Task<(HttpStatusCode Status, string Type, string Message)> CallAsync(string target, string body, string contentType = "application/x-amz-json-1.1")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        using var response = await _http.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        var root = document.RootElement;
        var type = root.TryGetProperty("__type", out var t) ? t.GetString()! : "";
        var message = root.TryGetProperty("message", out var m) || root.TryGetProperty("Message", out m) ? m.GetString() ?? "" : "";
        return (response.StatusCode, type[(type.LastIndexOf('#') + 1)..], message);
    }

    [Fact]
    public async Task StepFunctions_MaxResultsOverTheModelsRange_IsRefusedWithAwsRecordedMessage()
    {
        var (status, type, message) = await CallAsync("AWSStepFunctions.ListStateMachines", """{"maxResults":1001}""", "application/x-amz-json-1.0");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", type);
        // recorded
        Assert.Equal("1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000", message);
    }

    [Fact]
    public async Task StepFunctions_EnumOutsideTheSet_NamesEveryValueTheModelAllows()
    {
        var arn = "arn:aws:states:us-east-1:000000000000:stateMachine:absent";

        var (_, type, message) = await CallAsync("AWSStepFunctions.ListExecutions", $$"""{"stateMachineArn":"{{arn}}","statusFilter":"succeeded"}""", "application/x-amz-json-1.0");

        Assert.Equal("ValidationException", type);
        Assert.StartsWith("1 validation error detected: Value 'succeeded' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [", message);
        foreach (var value in new[] { "SUCCEEDED", "TIMED_OUT", "PENDING_REDRIVE", "ABORTED", "FAILED", "RUNNING" })
        {
            Assert.Contains(value, message);
        }
    }

    [Fact]
    public async Task Logs_EmptyGroupName_ListsBothViolationsAsInvalidParameterException()
    {
        var (status, type, message) = await CallAsync("Logs_20140328.CreateLogGroup", """{"logGroupName":""}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidParameterException", type);
        // AWS's own answer to an empty log group name.
        Assert.Equal(
            "2 validation errors detected: Value '' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+; "
            + "Value '' at 'logGroupName' failed to satisfy constraint: Member must have length greater than or equal to 1",
            message);
    }

    [Fact]
    public async Task Kinesis_RecordOverTheModelsTenMebibytes_IsPrintedAsAwsPrintsABlob()
    {
        var data = Convert.ToBase64String(new byte[(10 * 1024 * 1024) + 1]);

        var (_, type, message) = await CallAsync("Kinesis_20131202.PutRecord", $$"""{"StreamName":"absent","PartitionKey":"p","Data":"{{data}}"}""");

        Assert.Equal("ValidationException", type);
        Assert.Equal("1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=10485761 cap=10485761]' at 'data' failed to satisfy constraint: Member must have length less than or equal to 10485760", message);
    }

    [Fact]
    public async Task Kinesis_NestedMissingMembersAndABadName_AreAllNamedBeforeTheStreamIsLookedUp()
    {
        var (_, type, message) = await CallAsync("Kinesis_20131202.PutRecords", """{"StreamName":"no such stream!","Records":[{"Data":"AA==","PartitionKey":"p"},{"Data":"AA=="}]}""");

        Assert.Equal("ValidationException", type);
        Assert.Equal(
            "2 validation errors detected: Value null at 'records.2.member.partitionKey' failed to satisfy constraint: Member must not be null; "
            + "Value 'no such stream!' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
            message);
    }

    [Fact]
    public async Task WrongJsonType_IsASerializationException()
    {
        var (status, type, message) = await CallAsync("AWSStepFunctions.ListStateMachines", """{"maxResults":"ten"}""", "application/x-amz-json-1.0");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("SerializationException", type);
        Assert.Contains("maxResults", message);
    }

    [Fact]
    public async Task Sqs_MissingRequiredMember_IsNamedAsSqsNamesIt()
    {
        var (status, type, message) = await CallAsync("AmazonSQS.SendMessage", """{"QueueUrl":"http://localhost/000000000000/absent"}""", "application/x-amz-json-1.0");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("MissingRequiredParameterException", type);
        // recorded
        Assert.Equal("The request must contain the parameter MessageBody.", message);
    }

    [Fact]
    public async Task Lambda_PathLabelsAndQueryString_AreHeldToTheModelBeforeTheFunctionIsLookedUp()
    {
        using var badName = await _http.GetAsync("/2015-03-31/functions/no%20such%20function!");
        using var badPage = await _http.GetAsync("/2015-03-31/functions?MaxItems=0");
        using var unknown = await _http.GetAsync("/2015-03-31/functions/absent-function");

        var name = JsonDocument.Parse(await badName.Content.ReadAsStringAsync()).RootElement;
        var page = JsonDocument.Parse(await badPage.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Equal("ValidationException", badName.Headers.GetValues("x-amzn-ErrorType").Single().Split(':')[0]);
        Assert.StartsWith("1 validation error detected: Value 'no such function!' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ", name.GetProperty("Message").GetString());
        Assert.Equal("1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1", page.GetProperty("Message").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task CloudFormation_QueryMembersAndLists_AreHeldToTheModelAsValidationError()
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Action"] = "DescribeStacks",
            ["Version"] = "2010-05-15",
            ["NextToken"] = "",
        });
        using var listed = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Action"] = "ListStacks",
            ["Version"] = "2010-05-15",
            ["StackStatusFilter.member.1"] = "CREATE_COMPLETE",
            ["StackStatusFilter.member.2"] = "NOT_A_STATUS",
        });

        using var token = await _http.PostAsync("/", content);
        using var filter = await _http.PostAsync("/", listed);
        var tokenXml = System.Xml.Linq.XDocument.Parse(await token.Content.ReadAsStringAsync());
        var filterText = System.Xml.Linq.XDocument.Parse(await filter.Content.ReadAsStringAsync()).Descendants().Single(e => e.Name.LocalName == "Message").Value;

        Assert.Equal(HttpStatusCode.BadRequest, token.StatusCode);
        Assert.Equal("ValidationError", tokenXml.Descendants().Single(e => e.Name.LocalName == "Code").Value);
        Assert.Equal("1 validation error detected: Value '' at 'nextToken' failed to satisfy constraint: Member must have length greater than or equal to 1",
            tokenXml.Descendants().Single(e => e.Name.LocalName == "Message").Value);
        Assert.Equal(HttpStatusCode.BadRequest, filter.StatusCode);
        Assert.Contains("Value 'NOT_A_STATUS' at 'stackStatusFilter.2.member' failed to satisfy constraint: Member must satisfy enum value set: [", filterText);
    }

    [Fact]
    public async Task ValidRequest_ReachesTheService()
    {
        var (status, type, _) = await CallAsync("Kinesis_20131202.DescribeStreamSummary", """{"StreamName":"absent-but-valid"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ResourceNotFoundException", type);
    }

    /// <summary>
    /// Each handler's list of served operations is what its dispatch serves: every operation in the
    /// model answers something other than UnknownOperationException exactly when the list names it, so
    /// no served operation escapes the model check and no unserved one is refused as invalid input.
    /// </summary>
    [Theory]
    [InlineData("kinesis", "Kinesis_20131202", "application/x-amz-json-1.1")]
    [InlineData("logs", "Logs_20140328", "application/x-amz-json-1.1")]
    [InlineData("kms", "TrentService", "application/x-amz-json-1.1")]
    [InlineData("firehose", "Firehose_20150804", "application/x-amz-json-1.1")]
    [InlineData("sqs", "AmazonSQS", "application/x-amz-json-1.0")]
    [InlineData("stepfunctions", "AWSStepFunctions", "application/x-amz-json-1.0")]
    public async Task ServedOperations_AreExactlyTheOnesTheDispatchServes(string service, string prefix, string contentType)
    {
        IReadOnlySet<string> listed = service switch
        {
            "kinesis" => KinesisHandler.Operations,
            "logs" => LogsHandler.Operations,
            "kms" => KmsHandler.Operations,
            "firehose" => FirehoseHandler.Operations,
            "sqs" => SqsHandler.Operations,
            _ => Sluice.Asl.Api.StepFunctionsService.Operations,
        };
        var model = ModelOperations(service);
        Assert.Subset(model, listed.ToHashSet());

        var mismatched = new List<string>();
        foreach (var operation in model)
        {
            var (_, type, _) = await CallAsync($"{prefix}.{operation}", "{}", contentType);
            var served = type != "UnknownOperationException";
            if (served != listed.Contains(operation))
            {
                mismatched.Add($"{operation}: listed {listed.Contains(operation)}, dispatch answered {type}");
            }
        }

        Assert.Empty(mismatched);
    }

    private static HashSet<string> ModelOperations(string service)
    {
        using var stream = typeof(ServiceModel).Assembly.GetManifestResourceStream($"Models/{service}.json")!;
        using var document = JsonDocument.Parse(stream);
        return [.. document.RootElement.GetProperty("operations").EnumerateObject().Select(o => o.Name)];
    }
}
