namespace Sluice.Jsonata;

/// <summary>Location paths: steps mapped over sequences, tuple streams for bindings, filters, order-by, group-by.</summary>
internal sealed partial class Evaluator
{
    private object? EvaluatePath(Node expr, object? input, Frame environment)
    {
        var steps = expr.Steps!;
        JsonataArray inputSequence = input is JsonataArray array && steps[0].Type != "variable"
            ? array
            : JsonataArray.CreateSequence(input);
        JsonataArray? resultSequence = null;
        var isTupleStream = false;
        JsonataArray? tupleBindings = null;
        for (var ii = 0; ii < steps.Count; ii++)
        {
            var step = steps[ii];
            if (step.Tuple)
            {
                isTupleStream = true;
            }
            if (ii == 0 && step.ConsArray)
            {
                resultSequence = Evaluate(step, inputSequence, environment) as JsonataArray;
            }
            else if (isTupleStream)
            {
                tupleBindings = EvaluateTupleStep(step, inputSequence, tupleBindings, environment);
            }
            else
            {
                resultSequence = EvaluateStep(step, inputSequence, environment, ii == steps.Count - 1);
            }
            if (!isTupleStream && (resultSequence is null || resultSequence.Count == 0))
            {
                break;
            }
            if (step.Focus is null)
            {
                inputSequence = resultSequence!;
            }
        }
        if (isTupleStream)
        {
            if (expr.Tuple)
            {
                resultSequence = tupleBindings;
            }
            else
            {
                resultSequence = JsonataArray.CreateSequence();
                foreach (var tuple in tupleBindings!.Cast<TupleBinding>())
                {
                    resultSequence.Add(tuple.Context);
                }
            }
        }
        object? result = resultSequence;
        if (expr.KeepSingletonArray)
        {
            if (resultSequence is { Cons: true, Sequence: false })
            {
                resultSequence = JsonataArray.CreateSequence(resultSequence);
            }
            if (resultSequence is not null)
            {
                resultSequence.KeepSingleton = true;
            }
            result = resultSequence;
        }
        if (expr.Group is not null)
        {
            result = EvaluateGroupExpression(expr.Group, isTupleStream ? tupleBindings : result, environment);
        }
        return result;
    }

    private JsonataArray EvaluateStep(Node expr, JsonataArray input, Frame environment, bool lastStep)
    {
        if (expr.Type == "sort")
        {
            var sorted = EvaluateSortExpression(expr, input, environment);
            if (expr.Stages is not null)
            {
                sorted = EvaluateStages(expr.Stages, sorted, environment);
            }
            return sorted;
        }
        var result = JsonataArray.CreateSequence();
        foreach (var item in input)
        {
            var res = Evaluate(expr, item, environment);
            if (expr.Stages is not null)
            {
                foreach (var stage in expr.Stages)
                {
                    res = EvaluateFilter(stage.Expression!, res, environment);
                }
            }
            if (res is not null)
            {
                result.Add(res);
            }
        }
        if (lastStep && result.Count == 1 && result[0] is JsonataArray only && !only.Sequence)
        {
            return only;
        }
        var resultSequence = JsonataArray.CreateSequence();
        foreach (var res in result)
        {
            if (res is not JsonataArray array || array.Cons)
            {
                resultSequence.Add(res);
            }
            else
            {
                resultSequence.AddRange(array);
            }
        }
        return resultSequence;
    }

    private JsonataArray EvaluateStages(List<Node> stages, JsonataArray input, Frame environment)
    {
        var result = input;
        foreach (var stage in stages)
        {
            switch (stage.Type)
            {
                case "filter":
                    result = EvaluateFilter(stage.Expression!, result, environment);
                    break;
                case "index":
                    for (var ee = 0; ee < result.Count; ee++)
                    {
                        ((TupleBinding)result[ee]!)[stage.StringValue!] = (double)ee;
                    }
                    break;
            }
        }
        return result;
    }

    private JsonataArray EvaluateTupleStep(Node expr, JsonataArray input, JsonataArray? tupleBindings, Frame environment)
    {
        JsonataArray result;
        if (expr.Type == "sort")
        {
            if (tupleBindings is not null)
            {
                result = EvaluateSortExpression(expr, tupleBindings, environment);
            }
            else
            {
                var sorted = EvaluateSortExpression(expr, input, environment);
                result = JsonataArray.CreateSequence();
                result.TupleStream = true;
                for (var ss = 0; ss < sorted.Count; ss++)
                {
                    var tuple = new TupleBinding { ["@"] = sorted[ss] };
                    if (expr.Index is not null)
                    {
                        tuple[expr.Index] = (double)ss;
                    }
                    result.Add(tuple);
                }
            }
            if (expr.Stages is not null)
            {
                result = EvaluateStages(expr.Stages, result, environment);
            }
            return result;
        }
        result = JsonataArray.CreateSequence();
        result.TupleStream = true;
        if (tupleBindings is null)
        {
            tupleBindings = new JsonataArray(input.Select(item => (object?)new TupleBinding { ["@"] = item }));
        }
        foreach (var binding in tupleBindings.Cast<TupleBinding>())
        {
            var stepEnv = FrameFromTuple(environment, binding);
            var res = Evaluate(expr, binding.Context, stepEnv);
            if (res is null)
            {
                continue;
            }
            var resArray = res as JsonataArray ?? new JsonataArray { res };
            for (var bb = 0; bb < resArray.Count; bb++)
            {
                var tuple = new TupleBinding(binding);
                if (resArray.TupleStream)
                {
                    foreach (var (key, value) in (TupleBinding)resArray[bb]!)
                    {
                        tuple[key] = value;
                    }
                }
                else
                {
                    if (expr.Focus is not null)
                    {
                        tuple[expr.Focus] = resArray[bb];
                        tuple["@"] = binding.Context;
                    }
                    else
                    {
                        tuple["@"] = resArray[bb];
                    }
                    if (expr.Index is not null)
                    {
                        tuple[expr.Index] = (double)bb;
                    }
                    if (expr.Ancestor is not null)
                    {
                        tuple[expr.Ancestor.Label] = binding.Context;
                    }
                }
                result.Add(tuple);
            }
        }
        if (expr.Stages is not null)
        {
            result = EvaluateStages(expr.Stages, result, environment);
        }
        return result;
    }

    private JsonataArray EvaluateFilter(Node predicate, object? input, Frame environment)
    {
        var results = JsonataArray.CreateSequence();
        if (input is JsonataArray { TupleStream: true })
        {
            results.TupleStream = true;
        }
        var inputArray = input as JsonataArray ?? JsonataArray.CreateSequence(input);
        if (predicate.Type == "number")
        {
            var index = (int)Math.Floor((double)predicate.Value!);
            if (index < 0)
            {
                index = inputArray.Count + index;
            }
            if (index >= 0 && index < inputArray.Count)
            {
                var item = inputArray[index];
                if (item is JsonataArray itemArray)
                {
                    results = itemArray;
                }
                else if (item is not null)
                {
                    results.Add(item);
                }
            }
            return results;
        }
        for (var index = 0; index < inputArray.Count; index++)
        {
            var item = inputArray[index];
            var context = item;
            var env = environment;
            if (inputArray.TupleStream)
            {
                context = ((TupleBinding)item!).Context;
                env = FrameFromTuple(environment, (TupleBinding)item!);
            }
            var res = Evaluate(predicate, context, env);
            if (Functions.IsNumeric(res))
            {
                res = new JsonataArray { res };
            }
            if (Functions.IsArrayOfNumbers(res))
            {
                foreach (var ires in (JsonataArray)res!)
                {
                    var ii = (int)Math.Floor((double)ires!);
                    if (ii < 0)
                    {
                        ii = inputArray.Count + ii;
                    }
                    if (ii == index)
                    {
                        results.Add(item);
                    }
                }
            }
            else if (Functions.Boolean(res) == true)
            {
                results.Add(item);
            }
        }
        return results;
    }

    private JsonataArray EvaluateSortExpression(Node expr, JsonataArray input, Frame environment)
    {
        var isTupleSort = input.TupleStream;
        bool Comparator(object? a, object? b)
        {
            var comp = 0;
            for (var index = 0; comp == 0 && index < expr.Terms!.Count; index++)
            {
                var (descending, expression) = expr.Terms[index];
                var aa = isTupleSort
                    ? Evaluate(expression, ((TupleBinding)a!).Context, FrameFromTuple(environment, (TupleBinding)a!))
                    : Evaluate(expression, a, environment);
                var bb = isTupleSort
                    ? Evaluate(expression, ((TupleBinding)b!).Context, FrameFromTuple(environment, (TupleBinding)b!))
                    : Evaluate(expression, b, environment);
                if (aa is null)
                {
                    comp = bb is null ? 0 : 1;
                    continue;
                }
                if (bb is null)
                {
                    comp = -1;
                    continue;
                }
                if (aa is not (string or double) || bb is not (string or double))
                {
                    throw new JsonataException("T2008") { Position = expr.Position }.WithValue(aa is not (string or double) ? aa : bb);
                }
                if (aa.GetType() != bb.GetType())
                {
                    throw new JsonataException("T2007") { Position = expr.Position, Value2 = bb }.WithValue(aa);
                }
                var order = aa is string sa ? string.CompareOrdinal(sa, (string)bb) : ((double)aa).CompareTo((double)bb);
                if (order == 0)
                {
                    continue;
                }
                comp = order < 0 ? -1 : 1;
                if (descending)
                {
                    comp = -comp;
                }
            }
            return comp == 1;
        }
        var sorted = Functions.MergeSort(input, Comparator);
        var result = new JsonataArray(sorted) { Sequence = input.Sequence, TupleStream = input.TupleStream };
        return result;
    }

    private JsonataObject EvaluateGroupExpression(Node expr, object? input, Frame environment)
    {
        var result = new JsonataObject();
        var groups = new OrderedDictionary<string, (object? Data, int ExprIndex)>(StringComparer.Ordinal);
        var reduce = input is JsonataArray { TupleStream: true };
        var inputArray = input as JsonataArray ?? JsonataArray.CreateSequence(input);
        if (inputArray.Count == 0 && !reduce)
        {
            inputArray.Add(null);
        }
        var pairs = expr.Pairs!;
        foreach (var item in inputArray)
        {
            var env = reduce ? FrameFromTuple(environment, (TupleBinding)item!) : environment;
            for (var pairIndex = 0; pairIndex < pairs.Count; pairIndex++)
            {
                var key = Evaluate(pairs[pairIndex].Key, reduce ? ((TupleBinding)item!).Context : item, env);
                if (key is not null and not string)
                {
                    throw new JsonataException("T1003") { Position = expr.Position }.WithValue(key);
                }
                if (key is string k)
                {
                    if (groups.TryGetValue(k, out var existing))
                    {
                        if (existing.ExprIndex != pairIndex)
                        {
                            throw new JsonataException("D1009") { Position = expr.Position }.WithValue(k);
                        }
                        groups[k] = (Functions.Append(existing.Data, item), pairIndex);
                    }
                    else
                    {
                        groups[k] = (item, pairIndex);
                    }
                }
            }
        }
        foreach (var (key, entry) in groups)
        {
            var context = entry.Data;
            var env = environment;
            if (reduce)
            {
                var tuple = ReduceTupleStream(entry.Data);
                context = tuple.Context;
                tuple.Remove("@");
                env = FrameFromTuple(environment, tuple);
            }
            var value = Evaluate(pairs[entry.ExprIndex].Value, context, env);
            if (value is not null)
            {
                result[key] = value;
            }
        }
        return result;
    }

    private static TupleBinding ReduceTupleStream(object? tupleStream)
    {
        if (tupleStream is not JsonataArray array)
        {
            return new TupleBinding((TupleBinding)tupleStream!);
        }
        var result = new TupleBinding((TupleBinding)array[0]!);
        for (var ii = 1; ii < array.Count; ii++)
        {
            foreach (var (key, value) in (TupleBinding)array[ii]!)
            {
                result[key] = Functions.Append(result.GetValueOrDefault(key), value);
            }
        }
        return result;
    }
}
