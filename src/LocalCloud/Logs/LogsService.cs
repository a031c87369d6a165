using System.Text.RegularExpressions;
using Sluice.LocalCloud.Persistence;

namespace Sluice.LocalCloud.Logs;

/// <summary>
/// CloudWatch Logs of one region: log groups, their streams and events, retention and tags. Lambda
/// writes its functions' output here as AWS does (<c>/aws/lambda/&lt;function&gt;</c> or the function's
/// configured group); clients read it with DescribeLogGroups/Streams, GetLogEvents and FilterLogEvents.
/// </summary>
internal sealed partial class LogsService : IDisposable
{
    /// <summary>The retention periods AWS accepts, in days.</summary>
    public static readonly int[] RetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    private readonly SortedDictionary<string, LogGroup> _groups = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly LogsOptions _options;

    /// <param name="store">The data directory's store the groups, streams and events are kept in; null keeps them in memory.</param>
    public LogsService(LogsOptions options, DurableStore? store = null)
    {
        _options = options;
        if (store is not null)
        {
            Load(store);
            _writer = new GroupCommitWriter(store, $"logs-{_options.Region}", "CloudWatch Logs' changes");
        }
    }

    public LogsOptions Options => _options;

    private long Now => _options.Clock.GetUtcNow().ToUnixTimeMilliseconds();

    public LogGroup CreateLogGroup(string? name, IReadOnlyDictionary<string, string>? tags = null, string? kmsKeyId = null, string? logGroupClass = null)
    {
        name = CheckGroupName(name);
        if (logGroupClass is not (null or "STANDARD" or "INFREQUENT_ACCESS" or "DELIVERY"))
        {
            throw LogsErrors.Constraint("logGroupClass", logGroupClass, "Member must satisfy enum value set: [DELIVERY, STANDARD, INFREQUENT_ACCESS]");
        }
        CheckTags(tags);
        lock (_gate)
        {
            if (_groups.ContainsKey(name))
            {
                throw LogsErrors.GroupExists();
            }
            var group = new LogGroup(name, $"arn:{_options.Partition}:logs:{_options.Region}:{_options.AccountId}:log-group:{name}", Now)
            {
                KmsKeyId = kmsKeyId,
                LogGroupClass = logGroupClass ?? "STANDARD",
            };
            foreach (var (key, value) in tags ?? new Dictionary<string, string>())
            {
                group.Tags[key] = value;
            }
            _groups[name] = group;
            SaveGroup(group);
        }
        Flush();
        lock (_gate)
        {
            return _groups[name];
        }
    }

    /// <summary>The group, created if missing: what Lambda does the first time a function writes.</summary>
    public LogGroup EnsureLogGroup(string name)
    {
        lock (_gate)
        {
            if (_groups.TryGetValue(name, out var group))
            {
                return group;
            }
        }
        try
        {
            return CreateLogGroup(name);
        }
        catch (Protocol.AwsServiceException e) when (e.Code == "ResourceAlreadyExistsException")
        {
            return Group(name);
        }
    }

    public void DeleteLogGroup(string? name)
    {
        name = CheckGroupName(name);
        lock (_gate)
        {
            if (!_groups.Remove(name))
            {
                throw LogsErrors.GroupNotFound();
            }
            Keep(b => DurableStore.DeleteLogGroup(b, _options.Region, name));
        }
        Flush();
    }

    public bool Exists(string name)
    {
        lock (_gate)
        {
            return _groups.ContainsKey(name);
        }
    }

    public LogGroup Group(string? name)
    {
        name = CheckGroupName(name);
        lock (_gate)
        {
            return _groups.TryGetValue(name, out var group) ? group : throw LogsErrors.GroupNotFound();
        }
    }

    /// <summary>A group by name or by ARN (with or without the trailing <c>:*</c>), as the *Identifier members take it.</summary>
    public LogGroup GroupByIdentifier(string? name, string? identifier, string nameMember = "logGroupName")
    {
        if (name is not null && identifier is not null)
        {
            throw LogsErrors.Invalid("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        }
        if (identifier is null)
        {
            return name is null ? throw LogsErrors.Missing(nameMember) : Group(name);
        }
        var marker = ":log-group:";
        var at = identifier.IndexOf(marker, StringComparison.Ordinal);
        if (identifier.StartsWith("arn:", StringComparison.Ordinal) && at > 0)
        {
            var rest = identifier[(at + marker.Length)..];
            return Group(rest.EndsWith(":*", StringComparison.Ordinal) ? rest[..^2] : rest);
        }
        return Group(identifier);
    }

    public (IReadOnlyList<LogGroup> Groups, string? NextToken) DescribeLogGroups(string? prefix, string? pattern, int? limit, string? nextToken)
    {
        if (prefix is not null && pattern is not null)
        {
            throw LogsErrors.Invalid("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
        }
        var take = CheckLimit(limit, 50);
        List<LogGroup> all;
        lock (_gate)
        {
            all = [.. _groups.Values];
        }
        var matching = all.Where(g => (prefix is null || g.Name.StartsWith(prefix, StringComparison.Ordinal))
            && (pattern is null || g.Name.Contains(pattern, StringComparison.OrdinalIgnoreCase))).ToList();
        return Page(matching, g => g.Name, take, nextToken);
    }

    public void PutRetentionPolicy(string? name, int? days)
    {
        var group = Group(name);
        if (days is null)
        {
            throw LogsErrors.Missing("retentionInDays");
        }
        if (Array.IndexOf(RetentionDays, days.Value) < 0)
        {
            throw LogsErrors.Constraint("retentionInDays", days.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"Member must satisfy enum value set: [{string.Join(", ", RetentionDays)}]");
        }
        lock (group.Gate)
        {
            group.RetentionInDays = days;
            SaveGroup(group);
            Expire(group);
        }
        Flush();
    }

    public void DeleteRetentionPolicy(string? name)
    {
        var group = Group(name);
        lock (group.Gate)
        {
            group.RetentionInDays = null;
            SaveGroup(group);
        }
        Flush();
    }

    public LogStream CreateLogStream(string? groupName, string? streamName)
    {
        var group = Group(groupName);
        streamName = CheckStreamName(streamName);
        lock (group.Gate)
        {
            if (group.Streams.ContainsKey(streamName))
            {
                throw LogsErrors.StreamExists();
            }
            var stream = new LogStream(streamName, Now);
            group.Streams[streamName] = stream;
            SaveStream(group, stream);
        }
        Flush();
        lock (group.Gate)
        {
            return group.Streams[streamName];
        }
    }

    public void DeleteLogStream(string? groupName, string? streamName)
    {
        var group = Group(groupName);
        streamName = CheckStreamName(streamName);
        lock (group.Gate)
        {
            if (!group.Streams.Remove(streamName, out var stream))
            {
                throw LogsErrors.StreamNotFound();
            }
            group.EventCount -= stream.Events.Count;
            Keep(b => DurableStore.DeleteLogStream(b, _options.Region, group.Name, streamName));
        }
        Flush();
    }

    public (IReadOnlyList<LogStream> Streams, string? NextToken) DescribeLogStreams(LogGroup group, string? prefix, string? orderBy, bool descending, int? limit, string? nextToken)
    {
        if (orderBy is not (null or "LogStreamName" or "LastEventTime"))
        {
            throw LogsErrors.Constraint("orderBy", orderBy, "Member must satisfy enum value set: [LogStreamName, LastEventTime]");
        }
        if (orderBy == "LastEventTime" && prefix is not null)
        {
            throw LogsErrors.Invalid("Cannot order by LastEventTime with a logStreamNamePrefix.");
        }
        var take = CheckLimit(limit, 50);
        List<LogStream> streams;
        lock (group.Gate)
        {
            Expire(group);
            streams = [.. group.Streams.Values.Where(s => prefix is null || s.Name.StartsWith(prefix, StringComparison.Ordinal))];
        }
        IEnumerable<LogStream> ordered = orderBy == "LastEventTime"
            ? streams.OrderBy(s => s.LastEventTimestamp ?? 0).ThenBy(s => s.Name, StringComparer.Ordinal)
            : streams;
        if (descending)
        {
            ordered = ordered.Reverse();
        }
        var list = ordered.ToList();
        // The token is the position in this order: stable while the set of streams does not change.
        var start = nextToken is null ? 0 : ParseIndexToken(nextToken);
        var page = list.Skip(start).Take(take).ToList();
        return (page, start + page.Count < list.Count ? IndexToken(start + page.Count) : null);
    }

    public Dictionary<string, string> ListTags(string? resourceArn) => new(GroupByArn(resourceArn).Tags, StringComparer.Ordinal);

    public void TagResource(string? resourceArn, IReadOnlyDictionary<string, string>? tags)
    {
        var group = GroupByArn(resourceArn);
        if (tags is null)
        {
            throw LogsErrors.Missing("tags");
        }
        CheckTags(tags);
        lock (group.Gate)
        {
            if (group.Tags.Keys.Union(tags.Keys).Count() > 50)
            {
                throw new Protocol.AwsServiceException("TooManyTagsException", $"A resource can have no more than 50 tags.");
            }
            foreach (var (key, value) in tags)
            {
                group.Tags[key] = value;
            }
            SaveGroup(group);
        }
        Flush();
    }

    public void UntagResource(string? resourceArn, IReadOnlyList<string>? keys)
    {
        var group = GroupByArn(resourceArn);
        lock (group.Gate)
        {
            foreach (var key in keys ?? throw LogsErrors.Missing("tagKeys"))
            {
                group.Tags.Remove(key);
            }
            SaveGroup(group);
        }
        Flush();
    }

    private LogGroup GroupByArn(string? resourceArn)
    {
        if (resourceArn is null)
        {
            throw LogsErrors.Missing("resourceArn");
        }
        var prefix = $"arn:{_options.Partition}:logs:{_options.Region}:{_options.AccountId}:log-group:";
        if (!resourceArn.StartsWith(prefix, StringComparison.Ordinal) || resourceArn.EndsWith(":*", StringComparison.Ordinal))
        {
            throw LogsErrors.Invalid($"The specified resource ARN is not valid: {resourceArn}");
        }
        return Group(resourceArn[prefix.Length..]);
    }

    private static string CheckGroupName(string? name)
    {
        if (name is null)
        {
            throw LogsErrors.Missing("logGroupName");
        }
        if (name.Length is 0 or > 512)
        {
            throw LogsErrors.Constraint("logGroupName", name, "Member must have length less than or equal to 512 and greater than or equal to 1");
        }
        if (!GroupNamePattern().IsMatch(name))
        {
            throw LogsErrors.Constraint("logGroupName", name, @"Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+");
        }
        return name;
    }

    private static string CheckStreamName(string? name)
    {
        if (name is null)
        {
            throw LogsErrors.Missing("logStreamName");
        }
        if (name.Length is 0 or > 512)
        {
            throw LogsErrors.Constraint("logStreamName", name, "Member must have length less than or equal to 512 and greater than or equal to 1");
        }
        if (name.Contains(':') || name.Contains('*'))
        {
            throw LogsErrors.Constraint("logStreamName", name, "Member must satisfy regular expression pattern: [^:*]*");
        }
        return name;
    }

    private static void CheckTags(IReadOnlyDictionary<string, string>? tags)
    {
        if (tags is null)
        {
            return;
        }
        if (tags.Count > 50)
        {
            throw LogsErrors.Constraint("tags", null, "Member must have length less than or equal to 50");
        }
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128 || key.StartsWith("aws:", StringComparison.Ordinal))
            {
                throw LogsErrors.Invalid($"Tag key {key} is not valid: a key has 1 to 128 characters and does not start with aws:");
            }
            if (value.Length > 256)
            {
                throw LogsErrors.Invalid($"Tag value for {key} is longer than 256 characters");
            }
        }
    }

    private static int CheckLimit(int? limit, int max)
    {
        if (limit is { } n && (n < 1 || n > max))
        {
            throw LogsErrors.Constraint("limit", n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"Member must have value less than or equal to {max} and greater than or equal to 1");
        }
        return limit ?? max;
    }

    /// <summary>A page of <paramref name="items"/> (sorted by key) after the key the token names.</summary>
    private static (IReadOnlyList<T>, string?) Page<T>(List<T> items, Func<T, string> key, int take, string? nextToken)
    {
        var after = nextToken is null ? null : DecodeToken(nextToken);
        var rest = after is null ? items : items.Where(i => string.CompareOrdinal(key(i), after) > 0).ToList();
        var page = rest.Take(take).ToList();
        return (page, rest.Count > page.Count ? EncodeToken(key(page[^1])) : null);
    }

    private static string EncodeToken(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

    private static string DecodeToken(string token)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw LogsErrors.Invalid("The specified nextToken is invalid.");
        }
    }

    private static string IndexToken(int index) => EncodeToken("i/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static int ParseIndexToken(string token)
    {
        var text = DecodeToken(token);
        return text.StartsWith("i/", StringComparison.Ordinal) && int.TryParse(text.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i)
            ? i
            : throw LogsErrors.Invalid("The specified nextToken is invalid.");
    }

    [GeneratedRegex(@"^[\.\-_/#A-Za-z0-9]+$")]
    private static partial Regex GroupNamePattern();
}
