using System.Text;
using System.Text.Json.Nodes;
using Sluice.LocalCloud.Kinesis;

namespace Sluice.LocalCloud.StepFunctions;

internal sealed partial class MessagingIntegrations
{
    private JsonObject KinesisSdk(string action, JsonObject parameters)
    {
        var kinesis = services.Kinesis;
        var stream = kinesis.Stream(IntegrationParameters.Text(parameters, "StreamName"), IntegrationParameters.Text(parameters, "StreamARN"));
        switch (action)
        {
            case "putRecord":
                var put = kinesis.PutRecord(stream, Entry(parameters));
                return new JsonObject { ["ShardId"] = put.ShardId, ["SequenceNumber"] = put.SequenceNumber, ["EncryptionType"] = "NONE" };
            case "putRecords":
                var records = IntegrationParameters.Array(parameters, "Records") ?? throw new IntegrationParameterException("The field Records is required.");
                var entries = records.Select(r => Entry(r as JsonObject ?? throw new IntegrationParameterException("Each of Records must be an object."))).ToList();
                var results = kinesis.PutRecords(stream, entries);
                var output = new JsonArray();
                foreach (var r in results)
                {
                    output.Add((JsonNode)(r.ErrorCode is null
                        ? new JsonObject { ["SequenceNumber"] = r.SequenceNumber, ["ShardId"] = r.ShardId }
                        : new JsonObject { ["ErrorCode"] = r.ErrorCode, ["ErrorMessage"] = r.ErrorMessage }));
                }
                return new JsonObject
                {
                    ["FailedRecordCount"] = results.Count(r => r.ErrorCode is not null),
                    ["Records"] = output,
                    ["EncryptionType"] = "NONE",
                };
            case "describeStreamSummary":
                return new JsonObject
                {
                    ["StreamDescriptionSummary"] = new JsonObject
                    {
                        ["StreamName"] = stream.Name,
                        ["StreamARN"] = stream.Arn,
                        ["StreamStatus"] = "ACTIVE",
                        ["StreamModeDetails"] = new JsonObject { ["StreamMode"] = stream.Mode },
                        ["RetentionPeriodHours"] = stream.RetentionHours,
                        ["OpenShardCount"] = stream.OpenShards.Count,
                        ["EncryptionType"] = "NONE",
                    },
                };
            default:
                throw new IntegrationParameterException($"The local cloud has no aws-sdk:kinesis:{action} integration (it has putRecord, putRecords, describeStreamSummary).");
        }
    }

    /// <summary>A record: Data is a string (its UTF-8 bytes) or any JSON value (serialised), as the SDK's blob conversion does.</summary>
    private static KinesisPutEntry Entry(JsonObject parameters) =>
        new(Encoding.UTF8.GetBytes(IntegrationParameters.Body(parameters, "Data") ?? throw new IntegrationParameterException("The field Data is required.")),
            IntegrationParameters.Required(parameters, "PartitionKey"),
            IntegrationParameters.Text(parameters, "ExplicitHashKey"));
}
