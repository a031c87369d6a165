using System.Text.Json.Nodes;

namespace Sluice.Asl.Api;

/// <summary>TagResource, UntagResource and ListTagsForResource on state machines, and the tags CreateStateMachine takes.</summary>
public sealed partial class StepFunctionsService
{
    private const int MaxTagsPerResource = 50;

    private StateMachineRecord TaggedResource(string arn)
    {
        CheckArn(arn);
        lock (_lock)
        {
            return _machines.TryGetValue(arn, out var machine) ? machine : throw new ApiException("ResourceNotFound", $"Resource not found: '{arn}'");
        }
    }

    /// <summary>The <c>tags</c> list of a request (<c>[{"key": ..., "value": ...}]</c>), checked; empty when absent.</summary>
    private static List<KeyValuePair<string, string>> ReadTags(JsonObject request, string field)
    {
        var tags = new List<KeyValuePair<string, string>>();
        if (!request.TryGetPropertyValue(field, out var node) || node is null)
        {
            return tags;
        }
        if (node is not JsonArray array)
        {
            throw new ApiException("SerializationException", $"Expected a list for '{field}'.");
        }
        foreach (var item in array)
        {
            if (item is not JsonObject tag || OptionalString(tag, "key") is not { } key)
            {
                throw new ApiException("ValidationException", $"1 validation error detected: Value null at '{field}.member.key' failed to satisfy constraint: Member must not be null");
            }
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw new ApiException("ValidationException", $"Tag key '{key}' is invalid: the aws: prefix is reserved for AWS use.");
            }
            tags.Add(new(key, OptionalString(tag, "value") ?? ""));
        }
        return tags;
    }

    private static void Apply(StateMachineRecord machine, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        var next = new SortedDictionary<string, string>(machine.Tags, StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            next[key] = value;
        }
        if (next.Count > MaxTagsPerResource)
        {
            throw new ApiException("TooManyTags", $"Resource '{machine.Arn}' would have {next.Count} tags; at most {MaxTagsPerResource} are allowed.");
        }
        machine.Tags = next;
    }

    private JsonObject TagResource(JsonObject request)
    {
        var machine = TaggedResource(RequiredString(request, "resourceArn"));
        var tags = ReadTags(request, "tags");
        lock (_lock)
        {
            Apply(machine, tags);
            SaveMachine(machine);
        }
        return [];
    }

    private JsonObject UntagResource(JsonObject request)
    {
        var machine = TaggedResource(RequiredString(request, "resourceArn"));
        if (!request.TryGetPropertyValue("tagKeys", out var node) || node is not JsonArray keys)
        {
            throw new ApiException("ValidationException", "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
        }
        lock (_lock)
        {
            var next = new SortedDictionary<string, string>(machine.Tags, StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (key is not null && JsonValues.TryString(key, out var k))
                {
                    next.Remove(k);
                }
            }
            machine.Tags = next;
            SaveMachine(machine);
        }
        return [];
    }

    private JsonObject ListTagsForResource(JsonObject request)
    {
        var machine = TaggedResource(RequiredString(request, "resourceArn"));
        var list = new JsonArray();
        lock (_lock)
        {
            foreach (var (key, value) in machine.Tags)
            {
                list.Add((JsonNode)new JsonObject { ["key"] = key, ["value"] = value });
            }
        }
        return new JsonObject { ["tags"] = list };
    }
}
