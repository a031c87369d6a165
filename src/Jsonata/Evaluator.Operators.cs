namespace Sluice.Jsonata;

/// <summary>Binary and unary operators, array and object constructors.</summary>
internal sealed partial class Evaluator
{
    private object? EvaluateBinary(Node expr, object? input, Frame environment)
    {
        var op = expr.StringValue!;
        if (op == "^" || op == "[" || op == "{")
        {
            return null;
        }
        var lhs = Evaluate(expr.Lhs!, input, environment);
        try
        {
            if (op is "and" or "or")
            {
                var left = Functions.Boolean(lhs) == true;
                if (op == "and")
                {
                    return left && Functions.Boolean(Evaluate(expr.Rhs!, input, environment)) == true;
                }
                return left || Functions.Boolean(Evaluate(expr.Rhs!, input, environment)) == true;
            }
            var rhs = Evaluate(expr.Rhs!, input, environment);
            return op switch
            {
                "+" or "-" or "*" or "/" or "%" => Numeric(lhs, rhs, op),
                "=" => lhs is not null && rhs is not null && Functions.DeepEquals(lhs, rhs),
                "!=" => lhs is not null && rhs is not null && !Functions.DeepEquals(lhs, rhs),
                "<" or "<=" or ">" or ">=" => Comparison(lhs, rhs, op),
                "&" => (lhs is null ? "" : Functions.String(lhs)) + (rhs is null ? "" : Functions.String(rhs)),
                ".." => Range(lhs, rhs),
                "in" => Includes(lhs, rhs),
                _ => null,
            };
        }
        catch (JsonataException err)
        {
            err.Position = expr.Position;
            err.Token = op;
            throw;
        }
    }

    private static object? Numeric(object? lhs, object? rhs, string op)
    {
        if (lhs is not null && !Functions.IsNumeric(lhs))
        {
            throw new JsonataException("T2001").WithValue(lhs);
        }
        if (rhs is not null && !Functions.IsNumeric(rhs))
        {
            throw new JsonataException("T2002").WithValue(rhs);
        }
        if (lhs is null || rhs is null)
        {
            return null;
        }
        var l = (double)lhs;
        var r = (double)rhs;
        return op switch
        {
            "+" => l + r,
            "-" => l - r,
            "*" => l * r,
            "/" => l / r,
            _ => l % r,
        };
    }

    private static object? Comparison(object? lhs, object? rhs, string op)
    {
        var lcomparable = lhs is null or string || Functions.IsNumberValue(lhs);
        var rcomparable = rhs is null or string || Functions.IsNumberValue(rhs);
        if (!lcomparable || !rcomparable)
        {
            throw new JsonataException("T2010").WithValue(lhs is string || Functions.IsNumberValue(lhs) ? rhs : lhs);
        }
        if (lhs is null || rhs is null)
        {
            return null;
        }
        if (lhs.GetType() != rhs.GetType())
        {
            throw new JsonataException("T2009") { Value2 = rhs }.WithValue(lhs);
        }
        if (lhs is string ls)
        {
            var c = string.CompareOrdinal(ls, (string)rhs);
            return op switch { "<" => c < 0, "<=" => c <= 0, ">" => c > 0, _ => c >= 0 };
        }
        var l = (double)lhs;
        var r = (double)rhs;
        return op switch { "<" => l < r, "<=" => l <= r, ">" => l > r, _ => l >= r };
    }

    private static bool Includes(object? lhs, object? rhs)
    {
        if (lhs is null || rhs is null)
        {
            return false;
        }
        var items = rhs as JsonataArray ?? [rhs];
        foreach (var item in items)
        {
            if (Functions.StrictEquals(item, lhs))
            {
                return true;
            }
        }
        return false;
    }

    private static object? Range(object? lhs, object? rhs)
    {
        if (lhs is not null && !(lhs is double l0 && JsNumber.IsInteger(l0)))
        {
            throw new JsonataException("T2003").WithValue(lhs);
        }
        if (rhs is not null && !(rhs is double r0 && JsNumber.IsInteger(r0)))
        {
            throw new JsonataException("T2004").WithValue(rhs);
        }
        if (lhs is null || rhs is null)
        {
            return null;
        }
        var l = (double)lhs;
        var r = (double)rhs;
        if (l > r)
        {
            return null;
        }
        var size = r - l + 1;
        if (size > 1e7)
        {
            throw new JsonataException("D2014").WithValue(size);
        }
        var result = new JsonataArray { Sequence = true };
        result.Capacity = (int)size;
        for (var item = l; item <= r; item++)
        {
            result.Add(item);
        }
        return result;
    }

    private object? EvaluateUnary(Node expr, object? input, Frame environment)
    {
        switch (expr.StringValue)
        {
            case "-":
                var value = Evaluate(expr.Expression!, input, environment);
                if (value is null)
                {
                    return null;
                }
                if (Functions.IsNumeric(value))
                {
                    return -(double)value;
                }
                throw new JsonataException("D1002") { Position = expr.Position, Token = "-" }.WithValue(value);
            case "[":
                object? result = new JsonataArray();
                foreach (var item in expr.Expressions!)
                {
                    var itemValue = Evaluate(item, input, environment);
                    if (itemValue is null)
                    {
                        continue;
                    }
                    if (item.StringValue == "[" && item.Type == "unary")
                    {
                        ((JsonataArray)result!).Add(itemValue);
                    }
                    else
                    {
                        result = Functions.Append(result, itemValue);
                    }
                }
                var array = (JsonataArray)result!;
                if (expr.ConsArray)
                {
                    array.Cons = true;
                }
                return array;
            case "{":
                return EvaluateGroupExpression(expr, input, environment);
            default:
                return null;
        }
    }
}
