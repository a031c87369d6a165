using System.Text;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Sqs;

/// <summary>The batch actions: limits checked for the whole call, then each entry succeeds or fails alone.</summary>
internal sealed partial class SqsHandler
{
    private static void SendBatch(SqsService sqs, string queueUrl, SqsInput input, SqsOutput output)
    {
        var queue = sqs.Resolve(queueUrl);
        var entries = CheckBatch(input, "SendMessageBatchRequestEntry");
        var total = 0;
        foreach (var e in entries)
        {
            total += Encoding.UTF8.GetByteCount(e.String("MessageBody") ?? "");
        }
        if (total > queue.MaximumMessageSize)
        {
            throw SqsErrors.BatchRequestTooLong(queue.MaximumMessageSize, total);
        }
        if (queue.IsFifo)
        {
            // AWS refuses the whole batch, not single entries, when FIFO ids are missing.
            foreach (var e in entries)
            {
                if (e.String("MessageGroupId") is null)
                {
                    throw SqsErrors.InvalidParameterValue("The request must contain the parameter MessageGroupId.");
                }
                if (e.String("MessageDeduplicationId") is null && !queue.ContentBasedDeduplication)
                {
                    throw SqsErrors.InvalidParameterValue("The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
                }
            }
        }
        Batch(input, output, "SendMessageBatchRequestEntry", "SendMessageBatchResultEntry", e =>
        {
            var result = sqs.Send(queue, ReadSend(e), batchEntry: true);
            return () => WriteSendResult(output, result);
        });
    }

    private static List<SqsInput> CheckBatch(SqsInput input, string entryName)
    {
        var entries = input.Entries("Entries", entryName) ?? [];
        if (entries.Count == 0)
        {
            throw SqsErrors.EmptyBatchRequest(entryName);
        }
        if (entries.Count > 10)
        {
            throw SqsErrors.TooManyEntriesInBatchRequest(entries.Count);
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var id = e.String("Id") ?? throw SqsErrors.MissingParameter("Id");
            if (!SqsService.IsValidBatchId(id))
            {
                throw SqsErrors.InvalidBatchEntryId();
            }
            if (!ids.Add(id))
            {
                throw SqsErrors.BatchEntryIdsNotDistinct(id);
            }
        }
        return entries;
    }

    private static void Batch(SqsInput input, SqsOutput output, string entryName, string resultName, Action<SqsInput> apply) =>
        Batch(input, output, entryName, resultName, e =>
        {
            apply(e);
            return null;
        });

    /// <summary>Runs each entry on its own; one entry's failure is reported in <c>Failed</c>, not for the call.</summary>
    private static void Batch(SqsInput input, SqsOutput output, string entryName, string resultName, Func<SqsInput, Action?> apply)
    {
        var entries = CheckBatch(input, entryName);
        var successful = new List<(string Id, Action? Write)>();
        var failed = new List<(string Id, AwsServiceException Error)>();
        foreach (var e in entries)
        {
            var id = e.String("Id")!;
            try
            {
                successful.Add((id, apply(e)));
            }
            catch (AwsServiceException error)
            {
                failed.Add((id, error));
            }
        }
        output.BeginList("Successful", resultName);
        foreach (var (id, write) in successful)
        {
            output.BeginObject(null);
            output.String("Id", id);
            write?.Invoke();
            output.EndObject();
        }
        output.EndList();
        output.BeginList("Failed", "BatchResultErrorEntry");
        foreach (var (id, error) in failed)
        {
            output.BeginObject(null);
            output.String("Id", id);
            output.Bool("SenderFault", error.SenderFault);
            output.String("Code", error.QueryCode);
            output.String("Message", error.Message);
            output.EndObject();
        }
        output.EndList();
    }
}
