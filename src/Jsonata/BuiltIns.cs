namespace Sluice.Jsonata;

/// <summary>The function library, bound in the outermost frame of every evaluation.</summary>
internal static class BuiltIns
{
    private static double? Num(IReadOnlyList<object?> args, int i) => Functions.Arg(args, i) as double?;

    private static string? Str(IReadOnlyList<object?> args, int i) => Functions.Arg(args, i) as string;

    private static JsonataArray? Arr(IReadOnlyList<object?> args, int i) => Functions.Arg(args, i) as JsonataArray;

    private static JsonataFunction? Fn(IReadOnlyList<object?> args, int i) => Functions.Arg(args, i) as JsonataFunction;

    public static IEnumerable<NativeFunction> All()
    {
        NativeFunction F(string name, string signature, int arity, Func<CallContext, IReadOnlyList<object?>, object?> body) =>
            new(name, signature, arity, body);

        yield return F("sum", "<a<n>:n>", 1, (_, a) => Functions.Sum(Arr(a, 0)));
        yield return F("count", "<a:n>", 1, (_, a) => (double)(Arr(a, 0)?.Count ?? 0));
        yield return F("max", "<a<n>:n>", 1, (_, a) => Functions.Max(Arr(a, 0)));
        yield return F("min", "<a<n>:n>", 1, (_, a) => Functions.Min(Arr(a, 0)));
        yield return F("average", "<a<n>:n>", 1, (_, a) => Functions.Average(Arr(a, 0)));
        yield return F("string", "<x-b?:s>", 1, (_, a) => Functions.String(Functions.Arg(a, 0), Functions.Arg(a, 1) is true));
        yield return F("substring", "<s-nn?:s>", 3, (_, a) => Functions.Substring(Str(a, 0), Num(a, 1) ?? 0, Num(a, 2)));
        yield return F("substringBefore", "<s-s:s>", 2, (_, a) => Str(a, 0) is { } s
            ? (Str(a, 1) is { } c && s.IndexOf(c, StringComparison.Ordinal) is var p and > -1 ? s[..p] : s) : null);
        yield return F("substringAfter", "<s-s:s>", 2, (_, a) => Str(a, 0) is { } s
            ? (Str(a, 1) is { } c && s.IndexOf(c, StringComparison.Ordinal) is var p and > -1 ? s[(p + c.Length)..] : s) : null);
        yield return F("lowercase", "<s-:s>", 1, (_, a) => Str(a, 0)?.ToLowerInvariant());
        yield return F("uppercase", "<s-:s>", 1, (_, a) => Str(a, 0)?.ToUpperInvariant());
        yield return F("length", "<s-:n>", 1, (_, a) => Str(a, 0) is { } s ? (double)Functions.CodePoints(s).Count : null);
        yield return F("trim", "<s-:s>", 1, (_, a) => Str(a, 0) is { } s ? Functions.Trim(s) : null);
        yield return F("pad", "<s-ns?:s>", 3, (_, a) => Str(a, 0) is { } s ? Functions.Pad(s, Num(a, 1) ?? 0, Str(a, 2)) : null);
        yield return F("match", "<s-f<s:o>n?:a<o>>", 3, (c, a) => Functions.Match(c, Str(a, 0), Functions.Arg(a, 1), Num(a, 2)));
        yield return F("contains", "<s-(sf):b>", 2, (c, a) => Functions.Contains(c, Str(a, 0), Functions.Arg(a, 1)));
        yield return F("replace", "<s-(sf)(sf)n?:s>", 4, (c, a) => Functions.Replace(c, Str(a, 0), Functions.Arg(a, 1), Functions.Arg(a, 2), Num(a, 3)));
        yield return F("split", "<s-(sf)n?:a<s>>", 3, (c, a) => Functions.Split(c, Str(a, 0), Functions.Arg(a, 1), Num(a, 2)));
        yield return F("join", "<a<s>s?:s>", 2, (_, a) => Arr(a, 0) is { } arr ? string.Join(Str(a, 1) ?? "", arr.Cast<string>()) : null);
        yield return F("formatNumber", "<n-so?:s>", 3, (_, a) => Num(a, 0) is { } n ? NumberFormatter.Format(n, Str(a, 1)!, Functions.Arg(a, 2) as JsonataObject) : null);
        yield return F("formatInteger", "<n-s:s>", 2, (_, a) => Num(a, 0) is { } n ? IntegerFormatter.Format(n, Str(a, 1)!) : null);
        yield return F("parseInteger", "<s-s:n>", 2, (_, a) => Str(a, 0) is { } s ? IntegerFormatter.Parse(s, Str(a, 1)!) : null);
        yield return F("formatBase", "<n-n?:s>", 2, (_, a) => Functions.FormatBase(Num(a, 0), Num(a, 1)));
        yield return F("number", "<(nsb)-:n>", 1, (_, a) => Functions.Number(Functions.Arg(a, 0)));
        yield return F("floor", "<n-:n>", 1, (_, a) => Num(a, 0) is { } n ? Math.Floor(n) : null);
        yield return F("ceil", "<n-:n>", 1, (_, a) => Num(a, 0) is { } n ? Math.Ceiling(n) : null);
        yield return F("round", "<n-n?:n>", 2, (_, a) => Functions.Round(Num(a, 0), Num(a, 1)));
        yield return F("abs", "<n-:n>", 1, (_, a) => Num(a, 0) is { } n ? Math.Abs(n) : null);
        yield return F("sqrt", "<n-:n>", 1, (_, a) => Functions.Sqrt(Num(a, 0)));
        yield return F("power", "<n-n:n>", 2, (_, a) => Functions.Power(Num(a, 0), Num(a, 1) ?? double.NaN));
        yield return F("random", "<:n>", 0, (_, _) => Random.Shared.NextDouble());
        yield return F("boolean", "<x-:b>", 1, (_, a) => Functions.Boolean(Functions.Arg(a, 0)));
        yield return F("not", "<x-:b>", 1, (_, a) => Functions.Arg(a, 0) is { } v ? Functions.Boolean(v) != true : null);
        yield return F("map", "<af>", 2, (c, a) => Functions.Map(c, Arr(a, 0), Fn(a, 1)!));
        yield return F("zip", "<a+>", 0, (_, a) => Functions.Zip(a));
        yield return F("filter", "<af>", 2, (c, a) => Functions.Filter(c, Arr(a, 0), Fn(a, 1)!));
        yield return F("single", "<af?>", 2, (c, a) => Functions.Single(c, Arr(a, 0), Fn(a, 1)));
        yield return F("reduce", "<afj?:j>", 3, (c, a) => Functions.FoldLeft(c, Arr(a, 0), Fn(a, 1)!, Functions.Arg(a, 2), a.Count > 2 && a[2] is not null));
        yield return F("sift", "<o-f?:o>", 2, (c, a) => Functions.Sift(c, Functions.Arg(a, 0) as JsonataObject, Fn(a, 1)!));
        yield return F("keys", "<x-:a<s>>", 1, (_, a) => Functions.Keys(Functions.Arg(a, 0)));
        yield return F("lookup", "<x-s:x>", 2, (_, a) => Functions.Lookup(Functions.Arg(a, 0), Str(a, 1)!));
        yield return F("append", "<xx:a>", 2, (_, a) => Functions.Append(Functions.Arg(a, 0), Functions.Arg(a, 1)));
        yield return F("exists", "<x:b>", 1, (_, a) => Functions.Arg(a, 0) is not null);
        yield return F("spread", "<x-:a<o>>", 1, (_, a) => Functions.Spread(Functions.Arg(a, 0)));
        yield return F("merge", "<a<o>:o>", 1, (_, a) => Functions.Merge(Arr(a, 0)));
        yield return F("reverse", "<a:a>", 1, (_, a) => Functions.Reverse(Arr(a, 0)));
        yield return F("each", "<o-f:a>", 2, (c, a) => Functions.Each(c, Functions.Arg(a, 0) as JsonataObject, Fn(a, 1)!));
        yield return F("error", "<s?:x>", 1, (_, a) => throw new JsonataException("D3137") { Detail = Str(a, 0) ?? "$error() function evaluated" });
        yield return F("assert", "<bs?:x>", 2, (_, a) => Functions.Arg(a, 0) is true
            ? null
            : throw new JsonataException("D3141") { Detail = Str(a, 1) ?? "$assert() statement failed" });
        yield return F("type", "<x:s>", 1, (_, a) => Functions.TypeOf(Functions.Arg(a, 0)));
        yield return F("sort", "<af?:a>", 2, (c, a) => Functions.Sort(c, Arr(a, 0), Fn(a, 1)));
        yield return F("shuffle", "<a:a>", 1, (_, a) => Functions.Shuffle(Arr(a, 0)));
        yield return F("distinct", "<x:x>", 1, (_, a) => Functions.Distinct(Functions.Arg(a, 0)));
        yield return F("base64encode", "<s-:s>", 1, (_, a) => Str(a, 0) is { } s ? Functions.Base64Encode(s) : null);
        yield return F("base64decode", "<s-:s>", 1, (_, a) => Str(a, 0) is { } s ? Functions.Base64Decode(s) : null);
        yield return F("encodeUrlComponent", "<s-:s>", 1, (_, a) => Str(a, 0) is { } s ? Functions.EncodeUri(s, true, "encodeUrlComponent") : null);
        yield return F("encodeUrl", "<s-:s>", 1, (_, a) => Str(a, 0) is { } s ? Functions.EncodeUri(s, false, "encodeUrl") : null);
        yield return F("decodeUrlComponent", "<s-:s>", 1, (_, a) => Str(a, 0) is { } s ? Functions.DecodeUri(s, true, "decodeUrlComponent") : null);
        yield return F("decodeUrl", "<s-:s>", 1, (_, a) => Str(a, 0) is { } s ? Functions.DecodeUri(s, false, "decodeUrl") : null);
        yield return F("eval", "<sx?:x>", 2, (c, a) => Eval(c, Str(a, 0), Functions.Arg(a, 1), a.Count > 1));
        yield return F("toMillis", "<s-s?:n>", 2, (c, a) => Str(a, 0) is { } s ? DateTimeFunctions.ToMillis(s, Str(a, 1), c.Evaluator.Timestamp) : null);
        yield return F("fromMillis", "<n-s?s?:s>", 3, (_, a) => Num(a, 0) is { } n ? DateTimeFunctions.FromMillis(n, Str(a, 1), Str(a, 2)) : null);
        yield return F("now", "<s?s?:s>", 2, (c, a) => DateTimeFunctions.FromMillis(c.Evaluator.Timestamp.ToUnixTimeMilliseconds(), Str(a, 0), Str(a, 1)));
        yield return F("millis", "<:n>", 0, (c, _) => (double)c.Evaluator.Timestamp.ToUnixTimeMilliseconds());
        yield return F("clone", "<(oa)-:o>", 1, (_, a) => Functions.Arg(a, 0) is { } v ? JsonValues.Parse(Functions.String(v)!) : null);
    }

    private static object? Eval(CallContext context, string? expression, object? focus, bool hasFocus)
    {
        if (expression is null)
        {
            return null;
        }
        var input = context.Input;
        if (hasFocus && focus is not null)
        {
            input = focus;
            if (input is JsonataArray array && !array.Sequence)
            {
                input = new JsonataArray { array };
                ((JsonataArray)input).Sequence = true;
                ((JsonataArray)input).OuterWrapper = true;
            }
        }
        Node ast;
        try
        {
            ast = Parser.Parse(expression);
        }
        catch (JsonataException err)
        {
            throw new JsonataException("D3120").WithValue(err.Message);
        }
        try
        {
            return context.Evaluator.Evaluate(ast, input, context.Environment);
        }
        catch (JsonataException err)
        {
            throw new JsonataException("D3121").WithValue(err.Message);
        }
    }
}
