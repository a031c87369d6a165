using System.Text.Json.Nodes;

namespace Sluice.Asl;

/// <summary>Structural JSON equality where 1 and 1.0 are the same number.</summary>
internal static class JsonEquality
{
    public static bool Equal(JsonNode? a, JsonNode? b)
    {
        if (JsonValues.TryNumber(a, out var x) && JsonValues.TryNumber(b, out var y))
        {
            return x == y;
        }

        return JsonNode.DeepEquals(a, b);
    }
}
