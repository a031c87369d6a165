using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Sluice.Jsonata;

/// <summary>
/// Evaluates a syntax tree against an input, following the reference implementation's rules for sequences
/// (flattened, a singleton collapsed to its item, empty to undefined), tuple streams and function application.
/// </summary>
internal sealed partial class Evaluator
{
    private readonly JsonataOptions _options;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _depth;

    public Evaluator(JsonataOptions options, DateTimeOffset timestamp)
    {
        _options = options;
        Timestamp = timestamp;
    }

    /// <summary>The instant $now() and $millis() return throughout one evaluation.</summary>
    public DateTimeOffset Timestamp { get; }

    public object? Evaluate(Node expr, object? input, Frame environment)
    {
        _depth++;
        try
        {
            Guardrails();
            var result = EvaluateCore(expr, input, environment);
            if (expr.Predicate is not null)
            {
                foreach (var predicate in expr.Predicate)
                {
                    result = EvaluateFilter(predicate.Expression!, result, environment);
                }
            }
            if (expr.Type != "path" && expr.Group is not null)
            {
                result = EvaluateGroupExpression(expr.Group, result, environment);
            }
            if (result is JsonataArray sequence && sequence.Sequence && !sequence.TupleStream)
            {
                if (expr.KeepArray)
                {
                    sequence.KeepSingleton = true;
                }
                if (sequence.Count == 0)
                {
                    result = null;
                }
                else if (sequence.Count == 1)
                {
                    result = sequence.KeepSingleton ? sequence : sequence[0];
                }
            }
            return result;
        }
        finally
        {
            _depth--;
        }
    }

    private void Guardrails()
    {
        if (_options.MaxDepth > 0 && _depth > _options.MaxDepth)
        {
            throw new JsonataException("D1011").WithValue((double)_options.MaxDepth);
        }
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new JsonataException("D1011").WithValue((double)_depth);
        }
        if (_options.Timeout is { } timeout && _clock.Elapsed > timeout)
        {
            throw new JsonataException("D1012").WithValue(timeout.TotalMilliseconds);
        }
    }

    private object? EvaluateCore(Node expr, object? input, Frame environment) => expr.Type switch
    {
        "path" => EvaluatePath(expr, input, environment),
        "binary" => EvaluateBinary(expr, input, environment),
        "unary" => EvaluateUnary(expr, input, environment),
        "name" => Functions.Lookup(input, expr.StringValue!),
        "string" or "number" or "value" => expr.Value,
        "wildcard" => EvaluateWildcard(input),
        "descendant" => EvaluateDescendants(input),
        "parent" => environment.Lookup(expr.Slot!.Label),
        "condition" => EvaluateCondition(expr, input, environment),
        "block" => EvaluateBlock(expr, input, environment),
        "bind" => EvaluateBind(expr, input, environment),
        "regex" => new RegexMatcher((RegexLiteral)expr.Value!, expr.Position),
        "function" => EvaluateFunction(expr, input, environment, null, false),
        "variable" => EvaluateVariable(expr, input, environment),
        "lambda" => EvaluateLambda(expr, input, environment),
        "partial" => EvaluatePartialApplication(expr, input, environment),
        "apply" => EvaluateApplyExpression(expr, input, environment),
        "transform" => EvaluateTransformExpression(expr, environment),
        _ => null,
    };

    private static object? EvaluateVariable(Node expr, object? input, Frame environment)
    {
        if (expr.StringValue!.Length == 0)
        {
            return input is JsonataArray { OuterWrapper: true } wrapper ? wrapper[0] : input;
        }
        return environment.Lookup(expr.StringValue);
    }

    private object? EvaluateCondition(Node expr, object? input, Frame environment)
    {
        var condition = Evaluate(expr.Condition!, input, environment);
        if (Functions.Boolean(condition) == true)
        {
            return Evaluate(expr.Then!, input, environment);
        }
        return expr.Else is not null ? Evaluate(expr.Else, input, environment) : null;
    }

    private object? EvaluateBlock(Node expr, object? input, Frame environment)
    {
        object? result = null;
        var frame = new Frame(environment);
        foreach (var expression in expr.Expressions!)
        {
            result = Evaluate(expression, input, frame);
        }
        return result;
    }

    private object? EvaluateBind(Node expr, object? input, Frame environment)
    {
        var value = Evaluate(expr.Rhs!, input, environment);
        environment.Bind(expr.Lhs!.StringValue!, value);
        return value;
    }

    private static JsonataArray EvaluateWildcard(object? input)
    {
        var results = JsonataArray.CreateSequence();
        if (input is JsonataArray { OuterWrapper: true, Count: > 0 } wrapper)
        {
            input = wrapper[0];
        }
        // JavaScript's Object.keys also walks an array's items.
        IEnumerable<object?>? values = input switch
        {
            JsonataObject obj => obj.Values,
            JsonataArray array => array,
            _ => null,
        };
        if (values is not null)
        {
            foreach (var value in values)
            {
                if (value is JsonataArray array)
                {
                    var flat = Flatten(array, []);
                    results = (JsonataArray)Functions.Append(results, flat)!;
                }
                else
                {
                    results.Add(value);
                }
            }
        }
        return results;
    }

    private static JsonataArray Flatten(object? arg, JsonataArray flattened)
    {
        if (arg is JsonataArray array)
        {
            foreach (var item in array)
            {
                Flatten(item, flattened);
            }
        }
        else
        {
            flattened.Add(arg);
        }
        return flattened;
    }

    private static object? EvaluateDescendants(object? input)
    {
        if (input is null)
        {
            return null;
        }
        var results = JsonataArray.CreateSequence();
        RecurseDescendants(input, results);
        return results.Count == 1 ? results[0] : results;
    }

    private static void RecurseDescendants(object? input, JsonataArray results)
    {
        if (input is JsonataArray array)
        {
            foreach (var member in array)
            {
                RecurseDescendants(member, results);
            }
            return;
        }
        results.Add(input);
        if (input is JsonataObject obj)
        {
            foreach (var value in obj.Values)
            {
                RecurseDescendants(value, results);
            }
        }
    }

    private static Frame FrameFromTuple(Frame environment, TupleBinding tuple)
    {
        var frame = new Frame(environment);
        foreach (var (key, value) in tuple)
        {
            frame.Bind(key, value);
        }
        return frame;
    }
}
