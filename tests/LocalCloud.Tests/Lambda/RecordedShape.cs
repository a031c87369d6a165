using System.Text.Json;

namespace Sluice.LocalCloud.Tests.Lambda;

/// <summary>
/// Holds JSON the local cloud produced to what AWS produced in the recordings: the same keys in the same
/// order, the same kinds of values, and equal values wherever the recording kept one (the recordings
/// replace ids, times and account-specific parts with &lt;placeholders&gt;, which match anything).
/// </summary>
internal static class RecordedShape
{
    public static void AssertMatches(JsonElement recorded, JsonElement actual, string path = "$")
    {
        if (recorded.ValueKind == JsonValueKind.String && (recorded.GetString()!.Contains('<', StringComparison.Ordinal) || recorded.GetString() is "sent-timestamp" or "sender-id"))
        {
            Assert.True(actual.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array), $"{path}: a value was recorded, {actual.ValueKind} produced");
            return;
        }
        if (recorded.ValueKind is JsonValueKind.Object && actual.ValueKind == JsonValueKind.String)
        {
            // The recordings show JSON message bodies parsed; the wire carries them as strings.
            using var parsed = JsonDocument.Parse(actual.GetString()!);
            AssertMatches(recorded, parsed.RootElement.Clone(), path);
            return;
        }
        Assert.True(recorded.ValueKind == actual.ValueKind, $"{path}: recorded {recorded.ValueKind}, produced {actual.ValueKind} ({actual})");
        switch (recorded.ValueKind)
        {
            case JsonValueKind.Object:
                var recordedNames = recorded.EnumerateObject().Select(p => p.Name).ToList();
                var actualNames = actual.EnumerateObject().Select(p => p.Name).ToList();
                Assert.True(recordedNames.SequenceEqual(actualNames), $"{path}: recorded keys [{string.Join(", ", recordedNames)}], produced [{string.Join(", ", actualNames)}]");
                foreach (var property in recorded.EnumerateObject())
                {
                    AssertMatches(property.Value, actual.GetProperty(property.Name), path + "." + property.Name);
                }
                break;
            case JsonValueKind.Array:
                Assert.True(actual.GetArrayLength() > 0 == recorded.GetArrayLength() > 0, $"{path}: recorded {recorded.GetArrayLength()} items, produced {actual.GetArrayLength()}");
                for (var i = 0; i < actual.GetArrayLength(); i++)
                {
                    AssertMatches(recorded[Math.Min(i, recorded.GetArrayLength() - 1)], actual[i], $"{path}[{i}]");
                }
                break;
            case JsonValueKind.String:
                Assert.True(recorded.GetString() == Normalise(actual.GetString()!), $"{path}: recorded '{recorded.GetString()}', produced '{actual.GetString()}'");
                break;
        }
    }

    /// <summary>The recordings' spelling of what the local cloud writes with its own partition, region and account.</summary>
    private static string Normalise(string value) =>
        value.Replace("arn:aws:", "arn:<partition>:", StringComparison.Ordinal)
            .Replace("us-east-1", "<region>", StringComparison.Ordinal)
            .Replace(":000000000000:", ":111111111111:", StringComparison.Ordinal);
}
