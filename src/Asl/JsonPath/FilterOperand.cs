using System.Text.Json.Nodes;

namespace Sluice.Asl.JsonPath;

/// <summary>A literal or a path (relative <c>@</c> or absolute <c>$</c>) inside a filter.</summary>
internal abstract record FilterOperand
{
    public abstract bool TryResolve(JsonNode? current, JsonNode? root, out JsonNode? value);

    internal sealed record Literal(JsonNode? Value) : FilterOperand
    {
        public override bool TryResolve(JsonNode? current, JsonNode? root, out JsonNode? value)
        {
            value = Value;
            return true;
        }
    }

    internal sealed record PathOperand(bool Relative, JsonPathExpression Path) : FilterOperand
    {
        public override bool TryResolve(JsonNode? current, JsonNode? root, out JsonNode? value)
        {
            var matches = Path.Select(Relative ? current : root);
            if (matches.Count == 0)
            {
                value = null;
                return false;
            }

            value = Path.IsDefinite ? matches[0] : new JsonArray([.. matches.Select(m => m?.DeepClone())]);
            return true;
        }
    }
}
