namespace Sluice.Jsonata;

/// <summary>Array, object and higher-order functions.</summary>
internal static partial class Functions
{
    public static object? Map(CallContext context, JsonataArray? arr, JsonataFunction func)
    {
        if (arr is null)
        {
            return null;
        }
        var result = JsonataArray.CreateSequence();
        for (var i = 0; i < arr.Count; i++)
        {
            var res = context.Apply(func, HofArgs(func, arr[i], (double)i, arr));
            if (res is not null)
            {
                result.Add(res);
            }
        }
        return result;
    }

    public static object? Filter(CallContext context, JsonataArray? arr, JsonataFunction func)
    {
        if (arr is null)
        {
            return null;
        }
        var result = JsonataArray.CreateSequence();
        for (var i = 0; i < arr.Count; i++)
        {
            if (Boolean(context.Apply(func, HofArgs(func, arr[i], (double)i, arr))) == true)
            {
                result.Add(arr[i]);
            }
        }
        return result;
    }

    public static object? Single(CallContext context, JsonataArray? arr, JsonataFunction? func)
    {
        if (arr is null)
        {
            return null;
        }
        var found = false;
        object? result = null;
        for (var i = 0; i < arr.Count; i++)
        {
            var positive = func is null || Boolean(context.Apply(func, HofArgs(func, arr[i], (double)i, arr))) == true;
            if (!positive)
            {
                continue;
            }
            if (found)
            {
                throw new JsonataException("D3138") { Index = i };
            }
            result = arr[i];
            found = true;
        }
        if (!found)
        {
            throw new JsonataException("D3139");
        }
        return result;
    }

    public static object? Zip(IReadOnlyList<object?> args)
    {
        var result = new JsonataArray();
        if (args.Count == 0)
        {
            return result;
        }
        var length = args.Min(a => a is JsonataArray array ? array.Count : 0);
        for (var i = 0; i < length; i++)
        {
            result.Add(new JsonataArray(args.Select(a => ((JsonataArray)a!)[i])));
        }
        return result;
    }

    public static object? FoldLeft(CallContext context, JsonataArray? sequence, JsonataFunction func, object? init, bool hasInit)
    {
        if (sequence is null)
        {
            return null;
        }
        var arity = func.Arity;
        if (arity < 2)
        {
            throw new JsonataException("D3050") { Index = 1 };
        }
        object? result;
        int index;
        if (!hasInit && sequence.Count > 0)
        {
            result = sequence[0];
            index = 1;
        }
        else
        {
            result = init;
            index = 0;
        }
        while (index < sequence.Count)
        {
            var args = new List<object?> { result, sequence[index] };
            if (arity >= 3)
            {
                args.Add((double)index);
            }
            if (arity >= 4)
            {
                args.Add(sequence);
            }
            result = context.Apply(func, args);
            index++;
        }
        return result;
    }

    public static JsonataArray Keys(object? arg)
    {
        var result = JsonataArray.CreateSequence();
        if (arg is JsonataArray array)
        {
            var merged = new JsonataObject();
            foreach (var item in array)
            {
                foreach (var key in Keys(item).Cast<string>())
                {
                    merged[key] = true;
                }
            }
            return Keys(merged);
        }
        if (arg is JsonataObject obj)
        {
            result.AddRange(obj.Keys);
        }
        return result;
    }

    public static object? Spread(object? arg)
    {
        if (arg is JsonataArray array)
        {
            object? result = JsonataArray.CreateSequence();
            foreach (var item in array)
            {
                result = Append(result, Spread(item));
            }
            return result;
        }
        if (arg is JsonataObject obj)
        {
            var result = JsonataArray.CreateSequence();
            foreach (var (key, value) in obj)
            {
                result.Add(new JsonataObject { [key] = value });
            }
            return result;
        }
        return arg;
    }

    public static object? Merge(JsonataArray? arg)
    {
        if (arg is null)
        {
            return null;
        }
        var result = new JsonataObject();
        foreach (var item in arg)
        {
            if (item is JsonataObject obj)
            {
                foreach (var (key, value) in obj)
                {
                    result[key] = value;
                }
            }
        }
        return result;
    }

    public static object? Reverse(JsonataArray? arr)
    {
        if (arr is null)
        {
            return null;
        }
        if (arr.Count <= 1)
        {
            return arr;
        }
        var result = new JsonataArray(arr);
        result.Reverse();
        return result;
    }

    public static object? Each(CallContext context, JsonataObject? obj, JsonataFunction func)
    {
        var result = JsonataArray.CreateSequence();
        if (obj is null)
        {
            return result;
        }
        foreach (var (key, value) in obj)
        {
            var val = context.Apply(func, HofArgs(func, value, key, obj));
            if (val is not null)
            {
                result.Add(val);
            }
        }
        return result;
    }

    public static object? Sift(CallContext context, JsonataObject? obj, JsonataFunction func)
    {
        if (obj is null)
        {
            return null;
        }
        var result = new JsonataObject();
        foreach (var (key, value) in obj)
        {
            if (Boolean(context.Apply(func, HofArgs(func, value, key, obj))) == true)
            {
                result[key] = value;
            }
        }
        return result.Count == 0 ? null : result;
    }

    public static object? TypeOf(object? value) => value switch
    {
        null => null,
        JsonataNull => "null",
        double => "number",
        string => "string",
        bool => "boolean",
        JsonataArray => "array",
        JsonataFunction => "function",
        _ => "object",
    };

    public static object? Sort(CallContext context, JsonataArray? arr, JsonataFunction? comparator)
    {
        if (arr is null)
        {
            return null;
        }
        if (arr.Count <= 1)
        {
            return arr;
        }
        Func<object?, object?, bool> swap;
        if (comparator is null)
        {
            if (IsArrayOfNumbers(arr))
            {
                swap = (a, b) => (double)a! > (double)b!;
            }
            else if (IsArrayOfStrings(arr))
            {
                swap = (a, b) => string.CompareOrdinal((string)a!, (string)b!) > 0;
            }
            else
            {
                throw new JsonataException("D3070") { Index = 1 };
            }
        }
        else
        {
            swap = (a, b) => Boolean(context.Apply(comparator, [a, b])) == true;
        }
        return new JsonataArray(MergeSort(arr, swap));
    }

    public static object? Shuffle(JsonataArray? arr)
    {
        if (arr is null)
        {
            return null;
        }
        if (arr.Count <= 1)
        {
            return arr;
        }
        var result = new JsonataArray(arr);
        for (var i = result.Count - 1; i > 0; i--)
        {
            var j = Random.Shared.Next(i + 1);
            (result[i], result[j]) = (result[j], result[i]);
        }
        return result;
    }

    public static object? Distinct(object? arr)
    {
        if (arr is not JsonataArray array || array.Count <= 1)
        {
            return arr;
        }
        var results = array.Sequence ? JsonataArray.CreateSequence() : new JsonataArray();
        foreach (var value in array)
        {
            if (!results.Any(existing => DeepEquals(value, existing)))
            {
                results.Add(value);
            }
        }
        return results;
    }
}
