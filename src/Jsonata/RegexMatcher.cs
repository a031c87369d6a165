namespace Sluice.Jsonata;

/// <summary>
/// A regex literal as a function value: called with a string (and a start index) it returns the match
/// object {match, start, end, groups, next} the reference implementation's matcher protocol defines.
/// </summary>
internal sealed class RegexMatcher : JsonataFunction
{
    private readonly RegexLiteral _literal;
    private readonly int _position;

    public RegexMatcher(RegexLiteral literal, int position)
    {
        _literal = literal;
        _position = position;
    }

    public RegexLiteral Literal => _literal;

    internal override int Arity => 2;

    public JsonataObject? Match(string? text, int fromIndex)
    {
        if (text is null || fromIndex > text.Length)
        {
            return null;
        }
        var match = _literal.Regex.Match(text, fromIndex);
        if (!match.Success)
        {
            return null;
        }
        var groups = new JsonataArray();
        for (var i = 1; i < match.Groups.Count; i++)
        {
            groups.Add(match.Groups[i].Success ? match.Groups[i].Value : null);
        }
        var lastIndex = match.Index + match.Length;
        if (match.Length == 0)
        {
            // A JavaScript global regex leaves lastIndex at a zero-length match; the next call repeats it.
            lastIndex = match.Index;
        }
        var result = new JsonataObject
        {
            ["match"] = match.Value,
            ["start"] = (double)match.Index,
            ["end"] = (double)(match.Index + match.Length),
            ["groups"] = groups,
        };
        result["next"] = new NativeFunction("next", null, 0, (_, _) =>
        {
            if (lastIndex >= text.Length)
            {
                return null;
            }
            var next = Match(text, lastIndex);
            if (next is not null && (string)next["match"]! == "")
            {
                throw new JsonataException("D1004") { Position = _position }.WithValue(_literal.Pattern);
            }
            return next;
        });
        return result;
    }
}
