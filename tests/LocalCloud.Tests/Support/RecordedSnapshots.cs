using System.Text.Json;

namespace Sluice.LocalCloud.Tests.Support;

/// <summary>Reads the AWS-recorded responses under TestData/aws-recorded (Apache-2.0, see the LICENSE there).</summary>
internal static class RecordedSnapshots
{
    public static JsonElement Load(string relativePath)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "aws-recorded", relativePath);
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    /// <summary>The recorded content of one test, by the end of its pytest id.</summary>
    public static JsonElement Test(JsonElement snapshot, string testIdSuffix)
    {
        foreach (var test in snapshot.EnumerateObject())
        {
            if (test.Name.EndsWith(testIdSuffix, StringComparison.Ordinal))
            {
                return test.Value.GetProperty("recorded-content");
            }
        }
        throw new InvalidOperationException($"no recorded test ends with {testIdSuffix}");
    }
}
