using System.Text.Json.Nodes;

namespace Sluice.Asl.JsonPath;

/// <summary>A Jayway-style filter predicate: <c>[?(@.price &lt; 10 &amp;&amp; @.tag)]</c>.</summary>
internal abstract record FilterExpression
{
    public abstract bool Test(JsonNode? current, JsonNode? root);

    internal sealed record And(FilterExpression Left, FilterExpression Right) : FilterExpression
    {
        public override bool Test(JsonNode? current, JsonNode? root) => Left.Test(current, root) && Right.Test(current, root);
    }

    internal sealed record Or(FilterExpression Left, FilterExpression Right) : FilterExpression
    {
        public override bool Test(JsonNode? current, JsonNode? root) => Left.Test(current, root) || Right.Test(current, root);
    }

    internal sealed record Not(FilterExpression Inner) : FilterExpression
    {
        public override bool Test(JsonNode? current, JsonNode? root) => !Inner.Test(current, root);
    }

    internal sealed record Exists(FilterOperand Operand) : FilterExpression
    {
        public override bool Test(JsonNode? current, JsonNode? root) => Operand.TryResolve(current, root, out _);
    }

    internal sealed record Compare(FilterOperand Left, string Operator, FilterOperand Right) : FilterExpression
    {
        public override bool Test(JsonNode? current, JsonNode? root)
        {
            if (!Left.TryResolve(current, root, out var l) || !Right.TryResolve(current, root, out var r))
            {
                return false;
            }

            if (Operator is "==" or "!=")
            {
                var equal = JsonNode.DeepEquals(l, r) || (JsonValues.TryNumber(l, out var a) && JsonValues.TryNumber(r, out var b) && a == b);
                return Operator == "==" ? equal : !equal;
            }

            int cmp;
            if (JsonValues.TryNumber(l, out var ln) && JsonValues.TryNumber(r, out var rn))
            {
                cmp = ln.CompareTo(rn);
            }
            else if (JsonValues.TryString(l, out var ls) && JsonValues.TryString(r, out var rs))
            {
                cmp = string.CompareOrdinal(ls, rs);
            }
            else
            {
                return false;
            }

            return Operator switch
            {
                "<" => cmp < 0,
                "<=" => cmp <= 0,
                ">" => cmp > 0,
                ">=" => cmp >= 0,
                _ => false,
            };
        }
    }
}
