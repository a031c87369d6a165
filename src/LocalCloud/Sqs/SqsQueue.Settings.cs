using System.Globalization;
using System.Text.Json;

namespace Sluice.LocalCloud.Sqs;

/// <summary>Queue attributes: defaults, validation and the typed values the queue acts on.</summary>
internal sealed partial class SqsQueue
{
    private static readonly HashSet<string> s_settable = new(StringComparer.Ordinal)
    {
        "DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod", "Policy", "ReceiveMessageWaitTimeSeconds",
        "VisibilityTimeout", "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds",
        "SqsManagedSseEnabled",
    };

    private static readonly HashSet<string> s_fifoOnly = new(StringComparer.Ordinal)
    {
        "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit",
    };

    private readonly Dictionary<string, string> _settings;

    public int VisibilityTimeoutSeconds => Int("VisibilityTimeout");

    public int DelaySeconds => Int("DelaySeconds");

    public int MaximumMessageSize => Int("MaximumMessageSize");

    public int RetentionSeconds => Int("MessageRetentionPeriod");

    public int ReceiveWaitSeconds => Int("ReceiveMessageWaitTimeSeconds");

    public bool ContentBasedDeduplication => _settings.TryGetValue("ContentBasedDeduplication", out var v) && v == "true";

    public bool DeduplicationPerGroup => _settings.TryGetValue("DeduplicationScope", out var v) && v == "messageGroup";

    /// <summary>The dead-letter queue's ARN and the receive count that sends a message there, if set.</summary>
    public (string TargetArn, int MaxReceiveCount)? Redrive { get; private set; }

    private int Int(string name) => int.Parse(_settings[name], CultureInfo.InvariantCulture);

    private static Dictionary<string, string> DefaultSettings(bool isFifo)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DelaySeconds"] = "0",
            ["MaximumMessageSize"] = "1048576",
            ["MessageRetentionPeriod"] = "345600",
            ["ReceiveMessageWaitTimeSeconds"] = "0",
            ["VisibilityTimeout"] = "30",
            ["SqsManagedSseEnabled"] = "true",
        };
        if (isFifo)
        {
            settings["FifoQueue"] = "true";
            settings["ContentBasedDeduplication"] = "false";
            settings["DeduplicationScope"] = "queue";
            settings["FifoThroughputLimit"] = "perQueue";
        }
        return settings;
    }

    /// <summary>Checks attributes as CreateQueue/SetQueueAttributes do; returns them normalised.</summary>
    public static Dictionary<string, string> Validate(IReadOnlyDictionary<string, string> attributes, bool isFifo, bool creating)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            if (name == "FifoQueue")
            {
                if (!isFifo)
                {
                    throw SqsErrors.InvalidAttributeName($"Unknown Attribute {name}.");
                }
                if (!creating)
                {
                    throw SqsErrors.InvalidAttributeValue("Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.");
                }
                continue;
            }
            if (s_fifoOnly.Contains(name))
            {
                if (!isFifo)
                {
                    throw name == "ContentBasedDeduplication"
                        ? SqsErrors.InvalidAttributeName($"Unknown Attribute {name}.")
                        : SqsErrors.InvalidAttributeName($"You can specify the {name} only when FifoQueue is set to true.");
                }
                var allowed = name switch
                {
                    "ContentBasedDeduplication" => value is "true" or "false",
                    "DeduplicationScope" => value is "queue" or "messageGroup",
                    _ => value is "perQueue" or "perMessageGroupId",
                };
                if (!allowed)
                {
                    throw SqsErrors.InvalidAttributeValue($"Invalid value for the parameter {name}.");
                }
                result[name] = value;
                continue;
            }
            if (!s_settable.Contains(name))
            {
                throw SqsErrors.InvalidAttributeName($"Unknown Attribute {name}.");
            }
            var (min, max) = name switch
            {
                "DelaySeconds" => (0, 900),
                "MaximumMessageSize" => (1024, 1048576),
                "MessageRetentionPeriod" => (60, 1209600),
                "ReceiveMessageWaitTimeSeconds" => (0, 20),
                "VisibilityTimeout" => (0, 43200),
                "KmsDataKeyReusePeriodSeconds" => (60, 86400),
                _ => (-1, -1),
            };
            if (min >= 0 && (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n < min || n > max))
            {
                throw SqsErrors.InvalidAttributeValue($"Invalid value for the parameter {name}.");
            }
            if (name == "SqsManagedSseEnabled" && value is not ("true" or "false"))
            {
                throw SqsErrors.InvalidAttributeValue($"Invalid value for the parameter {name}.");
            }
            if (name == "RedrivePolicy" && value.Length > 0)
            {
                _ = ParseRedrive(value);
            }
            result[name] = min >= 0 ? int.Parse(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) : value;
        }
        return result;
    }

    public static (string TargetArn, int MaxReceiveCount) ParseRedrive(string value)
    {
        try
        {
            using var doc = JsonDocument.Parse(value);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("deadLetterTargetArn", out var arn) && arn.ValueKind == JsonValueKind.String
                && root.TryGetProperty("maxReceiveCount", out var count))
            {
                var max = count.ValueKind switch
                {
                    JsonValueKind.Number when count.TryGetInt32(out var i) => i,
                    JsonValueKind.String when int.TryParse(count.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var i) => i,
                    _ => 0,
                };
                if (max is >= 1 and <= 1000)
                {
                    return (arn.GetString()!, max);
                }
                throw SqsErrors.InvalidValue("RedrivePolicy", value, "Invalid value for maxReceiveCount: " + count.ToString() + ", valid values are from 1 to 1000 both inclusive.");
            }
        }
        catch (JsonException)
        {
        }
        throw SqsErrors.InvalidValue("RedrivePolicy", value, "Redrive policy is not a valid JSON map.");
    }

    /// <summary>True if every given attribute equals the current one (CreateQueue on an existing name).</summary>
    public string? FirstDifference(IReadOnlyDictionary<string, string> attributes)
    {
        lock (_gate)
        {
            foreach (var (name, value) in attributes)
            {
                var current = _settings.TryGetValue(name, out var c) ? c : null;
                if (current != value)
                {
                    return name;
                }
            }
            return null;
        }
    }

    public void Apply(IReadOnlyDictionary<string, string> validated, long now)
    {
        lock (_gate)
        {
            foreach (var (name, value) in validated)
            {
                if (value.Length == 0 && name is "RedrivePolicy" or "Policy" or "RedriveAllowPolicy" or "KmsMasterKeyId")
                {
                    _settings.Remove(name);
                }
                else
                {
                    _settings[name] = value;
                }
            }
            Redrive = _settings.TryGetValue("RedrivePolicy", out var redrive) ? ParseRedrive(redrive) : null;
            LastModifiedTimestamp = now / 1000;
        }
    }

    public Dictionary<string, string> Attributes(IReadOnlyList<string> names, long now)
    {
        var all = names.Contains("All");
        foreach (var name in names)
        {
            if (name != "All" && !IsKnownAttribute(name))
            {
                throw SqsErrors.InvalidAttributeName($"Unknown Attribute {name}.");
            }
        }
        var (visible, inFlight, delayed) = Counts(now);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string name, string value)
        {
            if (all || names.Contains(name))
            {
                result[name] = value;
            }
        }
        Add("ApproximateNumberOfMessages", visible.ToString(CultureInfo.InvariantCulture));
        Add("ApproximateNumberOfMessagesNotVisible", inFlight.ToString(CultureInfo.InvariantCulture));
        Add("ApproximateNumberOfMessagesDelayed", delayed.ToString(CultureInfo.InvariantCulture));
        Add("CreatedTimestamp", CreatedTimestamp.ToString(CultureInfo.InvariantCulture));
        Add("LastModifiedTimestamp", LastModifiedTimestamp.ToString(CultureInfo.InvariantCulture));
        Add("QueueArn", Arn);
        lock (_gate)
        {
            foreach (var (name, value) in _settings)
            {
                Add(name, value);
            }
        }
        return result;
    }

    private static bool IsKnownAttribute(string name) =>
        s_settable.Contains(name) || s_fifoOnly.Contains(name) || name is "FifoQueue" or "QueueArn" or "CreatedTimestamp"
            or "LastModifiedTimestamp" or "ApproximateNumberOfMessages" or "ApproximateNumberOfMessagesNotVisible"
            or "ApproximateNumberOfMessagesDelayed";
}
