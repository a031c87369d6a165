using System.Text.Json.Nodes;

namespace Sluice.Asl.Intrinsics;

/// <summary>A parsed intrinsic argument: a literal, a path, or a nested function call.</summary>
internal abstract record IntrinsicExpression
{
    internal sealed record Literal(JsonNode? Value, string? FormatTemplate = null) : IntrinsicExpression;

    internal sealed record Path(string Text) : IntrinsicExpression;

    internal sealed record Call(string Name, IReadOnlyList<IntrinsicExpression> Arguments) : IntrinsicExpression;
}
