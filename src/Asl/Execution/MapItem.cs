using System.Text.Json.Nodes;

namespace Sluice.Asl.Execution;

/// <summary>
/// One Map item as the context object shows it while the Map builds the iteration's input
/// (<c>$$.Map.Item</c>, <c>$states.context.Map.Item</c>): its index, its value, its key when the
/// Map iterates over a JSON object, and where it came from.
/// </summary>
internal sealed record MapItem(int Index, JsonNode? Value, string? Key, string Source)
{
    /// <summary>Items taken from the state's own input (ItemsPath or Items).</summary>
    public const string StateData = "STATE_DATA";

    /// <summary>What the iteration receives without an ItemSelector: the value, or for an object input the key-value pair.</summary>
    public JsonNode? DefaultInput() =>
        Key is null ? Value?.DeepClone() : new JsonObject { ["Key"] = Key, ["Value"] = Value?.DeepClone() };

    public JsonObject ToContext()
    {
        var item = new JsonObject { ["Index"] = Index };
        if (Key is not null)
        {
            item["Key"] = Key;
        }

        item["Value"] = Value?.DeepClone();
        item["Source"] = Source;
        return item;
    }
}
