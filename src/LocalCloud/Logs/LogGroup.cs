namespace Sluice.LocalCloud.Logs;

/// <summary>One log group: its streams by name, its retention and tags. Its lock guards its streams and their events.</summary>
internal sealed class LogGroup(string name, string arn, long creationTime)
{
    public string Name { get; } = name;

    /// <summary>The ARN without the trailing <c>:*</c> (what tagging takes; DescribeLogGroups shows both forms).</summary>
    public string Arn { get; } = arn;

    public long CreationTime { get; } = creationTime;

    public int? RetentionInDays { get; set; }

    public string LogGroupClass { get; init; } = "STANDARD";

    public string? KmsKeyId { get; set; }

    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, LogStream> Streams { get; } = new(StringComparer.Ordinal);

    public Lock Gate { get; } = new();

    public long NextSequence { get; set; }

    public long EventCount { get; set; }

    public long StoredBytes => Streams.Values.Sum(s => s.StoredBytes);
}
