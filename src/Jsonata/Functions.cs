namespace Sluice.Jsonata;

/// <summary>The value rules every part of the evaluator shares: truthiness, equality, lookup, append, $string.</summary>
internal static partial class Functions
{
    public static object? Arg(IReadOnlyList<object?> args, int index) => index < args.Count ? args[index] : null;

    public static bool IsNumberValue(object? value) => value is double;

    public static bool IsNumeric(object? value)
    {
        if (value is double d)
        {
            if (double.IsNaN(d))
            {
                return false;
            }
            if (double.IsInfinity(d))
            {
                throw new JsonataException("D1001").WithValue(d);
            }
            return true;
        }
        return false;
    }

    public static bool IsArrayOfNumbers(object? value) => value is JsonataArray array && array.All(IsNumeric);

    public static bool IsArrayOfStrings(object? value) => value is JsonataArray array && array.All(v => v is string);

    public static bool? Boolean(object? arg)
    {
        switch (arg)
        {
            case null:
                return null;
            case JsonataArray array:
                if (array.Count == 1)
                {
                    return Boolean(array[0]);
                }
                return array.Count > 1 && array.Any(v => Boolean(v) == true);
            case string s:
                return s.Length > 0;
            case double d:
                return IsNumeric(d) && d != 0;
            case bool b:
                return b;
            case JsonataObject obj:
                return obj.Count > 0;
            default:
                return false;
        }
    }

    public static bool StrictEquals(object? a, object? b) => (a, b) switch
    {
        (double x, double y) => x == y,
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (bool x, bool y) => x == y,
        _ => ReferenceEquals(a, b),
    };

    public static bool DeepEquals(object? lhs, object? rhs)
    {
        if (StrictEquals(lhs, rhs))
        {
            return true;
        }
        if (lhs is JsonataArray la && rhs is JsonataArray ra)
        {
            if (la.Count != ra.Count)
            {
                return false;
            }
            for (var i = 0; i < la.Count; i++)
            {
                if (!DeepEquals(la[i], ra[i]))
                {
                    return false;
                }
            }
            return true;
        }
        if (lhs is JsonataObject lo && rhs is JsonataObject ro)
        {
            if (lo.Count != ro.Count)
            {
                return false;
            }
            foreach (var (key, value) in lo)
            {
                if (!ro.TryGetValue(key, out var other) || !DeepEquals(value, other))
                {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    public static object? Lookup(object? input, string key)
    {
        if (input is JsonataArray array)
        {
            var result = JsonataArray.CreateSequence();
            foreach (var item in array)
            {
                var res = Lookup(item, key);
                if (res is JsonataArray resArray)
                {
                    result.AddRange(resArray);
                }
                else if (res is not null)
                {
                    result.Add(res);
                }
            }
            return result;
        }
        if (input is JsonataObject obj && obj.TryGetValue(key, out var value))
        {
            return value;
        }
        return null;
    }

    /// <summary>$append: like JavaScript's concat, the result is a new plain array.</summary>
    public static object? Append(object? arg1, object? arg2)
    {
        if (arg1 is null)
        {
            return arg2;
        }
        if (arg2 is null)
        {
            return arg1;
        }
        var result = new JsonataArray();
        if (arg1 is JsonataArray a1)
        {
            result.AddRange(a1);
        }
        else
        {
            result.Add(arg1);
        }
        if (arg2 is JsonataArray a2)
        {
            result.AddRange(a2);
        }
        else
        {
            result.Add(arg2);
        }
        return result;
    }

    public static string? String(object? arg, bool prettify = false)
    {
        switch (arg)
        {
            case null:
                return null;
            case string s:
                return s;
            case JsonataFunction:
                return "";
            case double d when !double.IsFinite(d):
                throw new JsonataException("D3001").WithValue(d);
            case JsonataArray { OuterWrapper: true } wrapper when wrapper.Count > 0:
                return JsonWriter.Stringify(wrapper[0], prettify);
            default:
                return JsonWriter.Stringify(arg, prettify);
        }
    }

    /// <summary>The reference implementation's merge sort: stable, swapping only when the comparator says so.</summary>
    public static List<object?> MergeSort(IReadOnlyList<object?> array, Func<object?, object?, bool> swap)
    {
        if (array.Count <= 1)
        {
            return [.. array];
        }
        var middle = array.Count / 2;
        var left = MergeSort(array.Take(middle).ToList(), swap);
        var right = MergeSort(array.Skip(middle).ToList(), swap);
        var merged = new List<object?>(array.Count);
        int l = 0, r = 0;
        while (l < left.Count && r < right.Count)
        {
            if (swap(left[l], right[r]))
            {
                merged.Add(right[r++]);
            }
            else
            {
                merged.Add(left[l++]);
            }
        }
        while (l < left.Count)
        {
            merged.Add(left[l++]);
        }
        while (r < right.Count)
        {
            merged.Add(right[r++]);
        }
        return merged;
    }

    /// <summary>The arguments a higher-order function passes: the value, then index and array if the function takes them.</summary>
    public static List<object?> HofArgs(JsonataFunction func, object? arg1, object? arg2, object? arg3)
    {
        var args = new List<object?> { arg1 };
        var arity = func.Arity;
        if (arity >= 2)
        {
            args.Add(arg2);
        }
        if (arity >= 3)
        {
            args.Add(arg3);
        }
        return args;
    }
}
