using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Sqs;

/// <summary>
/// AddPermission and RemovePermission (statements of the queue's <c>Policy</c> attribute, written as AWS
/// writes them) and ListDeadLetterSourceQueues.
/// </summary>
internal sealed partial class SqsService
{
    /// <summary>The actions AddPermission may grant another account (AWS's list; <c>*</c> is all of them).</summary>
    private static readonly HashSet<string> s_grantable = new(StringComparer.Ordinal)
    {
        "*", "SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility", "GetQueueAttributes", "GetQueueUrl",
        "ListDeadLetterSourceQueues", "PurgeQueue", "ListQueueTags",
    };

    /// <summary>Actions only the queue's owner may call; granting one is refused with AWS's reason.</summary>
    private static readonly HashSet<string> s_ownerOnly = new(StringComparer.Ordinal)
    {
        "AddPermission", "RemovePermission", "CreateQueue", "DeleteQueue", "SetQueueAttributes", "TagQueue", "UntagQueue",
        "ListQueues", "StartMessageMoveTask", "CancelMessageMoveTask", "ListMessageMoveTasks",
    };

    private const int MaxActionsPerStatement = 7;

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,80}$")]
    private static partial Regex LabelPattern();

    public void AddPermission(string queueUrl, string label, IReadOnlyList<string> accounts, IReadOnlyList<string> actions)
    {
        var queue = Resolve(queueUrl);
        if (!LabelPattern().IsMatch(label))
        {
            throw SqsErrors.InvalidValue("Label", label, "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }
        if (actions.Count == 0)
        {
            throw SqsErrors.MissingParameter("Actions");
        }
        if (accounts.Count == 0)
        {
            throw SqsErrors.InvalidValue("PrincipalId", "[]", "Unable to verify.");
        }
        if (actions.Count > MaxActionsPerStatement)
        {
            throw new AwsServiceException("OverLimit", $"{actions.Count} Actions were found, maximum allowed is {MaxActionsPerStatement}.", 403);
        }
        foreach (var action in actions)
        {
            if (s_ownerOnly.Contains(action))
            {
                throw SqsErrors.InvalidValue("ActionName", "SQS:" + action, "Only the queue owner is allowed to invoke this action.");
            }
            if (!s_grantable.Contains(action))
            {
                throw SqsErrors.InvalidValue("ActionName", "SQS:" + action, "Please refer to the appropriate WSDL for a list of valid actions.");
            }
        }
        foreach (var account in accounts)
        {
            if (account.Length != 12 || !account.All(char.IsAsciiDigit))
            {
                throw SqsErrors.InvalidValue("PrincipalId", account, "Unable to verify.");
            }
        }
        lock (queue)
        {
            var policy = CurrentPolicy(queue);
            if (policy.Has(label))
            {
                throw SqsErrors.InvalidValue("Label", label, "Already exists.");
            }
            policy.Allow(label, [.. accounts.Select(a => $"arn:{_options.Partition}:iam::{a}:root")], [.. actions.Select(a => "SQS:" + a)], queue.Arn);
            SetQueueAttributes(queueUrl, new Dictionary<string, string> { ["Policy"] = policy.ToString() });
        }
    }

    public void RemovePermission(string queueUrl, string label)
    {
        var queue = Resolve(queueUrl);
        lock (queue)
        {
            var policy = CurrentPolicy(queue);
            if (!policy.Remove(label))
            {
                throw SqsErrors.InvalidValue("Label", label, "can't find label on existing policy.");
            }
            SetQueueAttributes(queueUrl, new Dictionary<string, string> { ["Policy"] = policy.Count == 0 ? "" : policy.ToString() });
        }
    }

    /// <summary>The queue's policy document, or AWS's empty one for AddPermission to start from.</summary>
    private PolicyDocument CurrentPolicy(SqsQueue queue) =>
        queue.Attributes(["Policy"], Now).TryGetValue("Policy", out var text) && text.Length > 0
            ? PolicyDocument.Parse(text) ?? throw SqsErrors.InvalidParameterValue("The queue's Policy attribute is not a policy document this operation can change; set it with SetQueueAttributes.")
            : PolicyDocument.Empty("2012-10-17", queue.Arn + "/SQSDefaultPolicy");

    /// <summary>The URLs of the queues whose redrive policy names this queue as their dead-letter queue, by name.</summary>
    public (IReadOnlyList<string> Urls, string? NextToken) ListDeadLetterSourceQueues(string queueUrl, int? maxResults, string? nextToken)
    {
        var dlq = Resolve(queueUrl);
        if (maxResults is < 1 or > 1000)
        {
            throw SqsErrors.InvalidValue("MaxResults", maxResults.Value.ToString(CultureInfo.InvariantCulture), "MaxResults must be an integer between 1 and 1000.");
        }
        var sources = _queues.Values.Where(q => q.Redrive is { } r && r.TargetArn == dlq.Arn).OrderBy(q => q.Name, StringComparer.Ordinal).ToList();
        var start = 0;
        if (nextToken is not null && (!int.TryParse(nextToken, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > sources.Count))
        {
            throw SqsErrors.InvalidParameterValue("Invalid NextToken value.");
        }
        var take = maxResults ?? sources.Count;
        var page = sources.Skip(start).Take(take).Select(q => q.Url).ToList();
        return (page, maxResults is not null && start + take < sources.Count ? (start + take).ToString(CultureInfo.InvariantCulture) : null);
    }
}
