namespace Sluice.Jsonata;

/// <summary>Function calls, lambdas and closures, partial application, '~>' chaining and transforms.</summary>
internal sealed partial class Evaluator
{
    private static readonly Node s_chain = Parser.Parse("function($f, $g) { function($x){ $g($f($x)) } }");

    private object? EvaluateFunction(Node expr, object? input, Frame environment, object? applyTo, bool hasApplyTo)
    {
        var proc = Evaluate(expr.Procedure!, input, environment);
        if (proc is null && expr.Procedure!.Type == "path" && environment.Lookup(expr.Procedure.Steps![0].StringValue!) is not null)
        {
            throw new JsonataException("T1005") { Position = expr.Position, Token = expr.Procedure.Steps[0].StringValue };
        }
        var args = new List<object?>();
        if (hasApplyTo)
        {
            args.Add(applyTo);
        }
        foreach (var argument in expr.Arguments!)
        {
            args.Add(Evaluate(argument, input, environment));
        }
        var procName = expr.Procedure!.Type == "path" ? expr.Procedure.Steps![0].StringValue : expr.Procedure.StringValue;
        try
        {
            return Apply(proc, args, input, environment);
        }
        catch (JsonataException err)
        {
            err.Position ??= expr.Position;
            err.Token ??= procName;
            throw;
        }
    }

    public object? Apply(object? proc, IReadOnlyList<object?> args, object? input, Frame environment)
    {
        var result = ApplyInner(proc, args, input, environment);
        while (result is Lambda { Thunk: true } thunk)
        {
            var call = thunk.Definition.Body!;
            var next = Evaluate(call.Procedure!, thunk.Input, thunk.Environment);
            var evaluatedArgs = new List<object?>();
            foreach (var argument in call.Arguments!)
            {
                evaluatedArgs.Add(Evaluate(argument, thunk.Input, thunk.Environment));
            }
            try
            {
                result = ApplyInner(next, evaluatedArgs, input, environment);
            }
            catch (JsonataException err)
            {
                err.Position ??= call.Procedure!.Position;
                if (call.Procedure!.Type == "variable")
                {
                    err.Token ??= call.Procedure.StringValue;
                }
                throw;
            }
        }
        return result;
    }

    private object? ApplyInner(object? proc, IReadOnlyList<object?> args, object? input, Frame environment)
    {
        if (proc is not JsonataFunction function)
        {
            throw new JsonataException("T1006");
        }
        var validated = function.Signature is { } signature ? signature.Validate(args, input) : args;
        switch (function)
        {
            case Lambda lambda:
                return ApplyProcedure(lambda, validated);
            case NativeFunction native:
                return native.Body(new CallContext(this, environment, input), validated);
            case PartialFunction partial:
                var full = new List<object?>();
                var supplied = 0;
                foreach (var bound in partial.Arguments)
                {
                    if (ReferenceEquals(bound, PartialFunction.Placeholder))
                    {
                        full.Add(supplied < validated.Count ? validated[supplied] : null);
                        supplied++;
                    }
                    else
                    {
                        full.Add(bound);
                    }
                }
                return ApplyInner(partial.Target, full, input, environment);
            case RegexMatcher matcher:
                return matcher.Match(validated.Count > 0 ? validated[0] as string : null, validated.Count > 1 && validated[1] is double d ? (int)d : 0);
            default:
                throw new JsonataException("T1006");
        }
    }

    private object? ApplyProcedure(Lambda lambda, IReadOnlyList<object?> args)
    {
        var env = new Frame(lambda.Environment);
        for (var i = 0; i < lambda.Parameters.Count; i++)
        {
            env.Bind(lambda.Parameters[i], i < args.Count ? args[i] : null);
        }
        return Evaluate(lambda.Definition.Body!, lambda.Input, env);
    }

    private static Lambda EvaluateLambda(Node expr, object? input, Frame environment) => new()
    {
        Definition = expr,
        Input = input,
        Environment = environment,
        Parameters = expr.Arguments!.Select(a => a.StringValue!).ToList(),
        Signature = expr.Signature,
        Thunk = expr.Thunk,
    };

    private object? EvaluatePartialApplication(Node expr, object? input, Frame environment)
    {
        var args = new List<object?>();
        foreach (var arg in expr.Arguments!)
        {
            args.Add(arg.Type == "operator" && arg.StringValue == "?" ? PartialFunction.Placeholder : Evaluate(arg, input, environment));
        }
        var proc = Evaluate(expr.Procedure!, input, environment);
        if (proc is null && expr.Procedure!.Type == "path" && environment.Lookup(expr.Procedure.Steps![0].StringValue!) is not null)
        {
            throw new JsonataException("T1007") { Position = expr.Position, Token = expr.Procedure.Steps[0].StringValue };
        }
        switch (proc)
        {
            case Lambda lambda:
                var env = new Frame(lambda.Environment);
                var unbound = new List<string>();
                for (var i = 0; i < lambda.Parameters.Count; i++)
                {
                    var arg = i < args.Count ? args[i] : null;
                    if (ReferenceEquals(arg, PartialFunction.Placeholder))
                    {
                        unbound.Add(lambda.Parameters[i]);
                    }
                    else
                    {
                        env.Bind(lambda.Parameters[i], arg);
                    }
                }
                return new Lambda { Definition = lambda.Definition, Input = lambda.Input, Environment = env, Parameters = unbound };
            case JsonataFunction function:
                return new PartialFunction { Target = function, Arguments = args };
            default:
                throw new JsonataException("T1008")
                {
                    Position = expr.Position,
                    Token = expr.Procedure!.Type == "path" ? expr.Procedure.Steps![0].StringValue : expr.Procedure.StringValue,
                };
        }
    }

    private object? EvaluateApplyExpression(Node expr, object? input, Frame environment)
    {
        var lhs = Evaluate(expr.Lhs!, input, environment);
        if (expr.Rhs!.Type == "function")
        {
            return EvaluateFunction(expr.Rhs, input, environment, lhs, true);
        }
        var func = Evaluate(expr.Rhs, input, environment);
        if (func is not JsonataFunction)
        {
            throw new JsonataException("T2006") { Position = expr.Position }.WithValue(func);
        }
        if (lhs is JsonataFunction)
        {
            var chain = Evaluate(s_chain, null, environment);
            return Apply(chain, [lhs, func], null, environment);
        }
        return Apply(func, [lhs], null, environment);
    }

    private NativeFunction EvaluateTransformExpression(Node expr, Frame environment)
    {
        return new NativeFunction("transform", "<(oa):o>", 1, (context, args) =>
        {
            var obj = args.Count > 0 ? args[0] : null;
            if (obj is null)
            {
                return null;
            }
            var cloneFunction = environment.Lookup("clone");
            if (cloneFunction is not JsonataFunction)
            {
                throw new JsonataException("T2013") { Position = expr.Position };
            }
            var result = Apply(cloneFunction, [obj], null, environment);
            var matches = Evaluate(expr.Pattern!, result, environment);
            if (matches is null)
            {
                return result;
            }
            var matchList = matches as JsonataArray ?? [matches];
            foreach (var match in matchList)
            {
                var update = Evaluate(expr.Update!, match, environment);
                if (update is not null)
                {
                    if (update is not JsonataObject updateObject)
                    {
                        throw new JsonataException("T2011") { Position = expr.Update!.Position }.WithValue(update);
                    }
                    if (match is JsonataObject target)
                    {
                        foreach (var (key, value) in updateObject)
                        {
                            target[key] = value;
                        }
                    }
                }
                if (expr.Delete is not null)
                {
                    var deletions = Evaluate(expr.Delete, match, environment);
                    if (deletions is not null)
                    {
                        var list = deletions as JsonataArray ?? [deletions];
                        if (!list.All(d => d is string))
                        {
                            throw new JsonataException("T2012") { Position = expr.Delete.Position }.WithValue(deletions);
                        }
                        if (match is JsonataObject target)
                        {
                            foreach (var key in list.Cast<string>())
                            {
                                target.Remove(key);
                            }
                        }
                    }
                }
            }
            _ = context;
            return result;
        });
    }
}
