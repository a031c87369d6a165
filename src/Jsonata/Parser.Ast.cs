namespace Sluice.Jsonata;

/// <summary>
/// The post-parse pass: flattens '.' chains into paths of steps, attaches predicates, group-by, order-by
/// and focus/index bindings to steps, resolves the parent operator (%) to tuple labels, and marks tail calls.
/// </summary>
internal sealed partial class Parser
{
    private readonly List<Node> _ancestry = [];
    private int _ancestorLabel;
    private int _ancestorIndex;

    private static Node TailCallOptimize(Node expr)
    {
        switch (expr.Type)
        {
            case "function" when expr.Predicate is null:
                return new Node { Type = "lambda", Thunk = true, Arguments = [], Position = expr.Position, Body = expr };
            case "condition":
                expr.Then = TailCallOptimize(expr.Then!);
                if (expr.Else is not null)
                {
                    expr.Else = TailCallOptimize(expr.Else);
                }
                return expr;
            case "block":
                var count = expr.Expressions!.Count;
                if (count > 0)
                {
                    expr.Expressions[count - 1] = TailCallOptimize(expr.Expressions[count - 1]);
                }
                return expr;
            default:
                return expr;
        }
    }

    private Slot SeekParent(Node node, Slot slot)
    {
        switch (node.Type)
        {
            case "name":
            case "wildcard":
                slot.Level--;
                if (slot.Level == 0)
                {
                    if (node.Ancestor is null)
                    {
                        node.Ancestor = slot;
                    }
                    else
                    {
                        _ancestry[slot.Index].Slot!.Label = node.Ancestor.Label;
                        node.Ancestor = slot;
                    }
                    node.Tuple = true;
                }
                break;
            case "parent":
                slot.Level++;
                break;
            case "block":
                if (node.Expressions!.Count > 0)
                {
                    node.Tuple = true;
                    slot = SeekParent(node.Expressions[^1], slot);
                }
                break;
            case "path":
                node.Tuple = true;
                var index = node.Steps!.Count - 1;
                slot = SeekParent(node.Steps[index--], slot);
                while (slot.Level > 0 && index >= 0)
                {
                    slot = SeekParent(node.Steps[index--], slot);
                }
                break;
            default:
                throw new JsonataException("S0217") { Position = node.Position, Token = node.Type };
        }
        return slot;
    }

    private static void PushAncestry(Node result, Node value)
    {
        if (value.SeekingParent is not null || value.Type == "parent")
        {
            var slots = value.SeekingParent ?? [];
            if (value.Type == "parent")
            {
                slots.Add(value.Slot!);
            }
            if (result.SeekingParent is null)
            {
                result.SeekingParent = slots;
            }
            else
            {
                result.SeekingParent.AddRange(slots);
            }
        }
    }

    private void ResolveAncestry(Node path)
    {
        var steps = path.Steps!;
        var lastStep = steps[^1];
        var slots = lastStep.SeekingParent ?? [];
        if (lastStep.Type == "parent")
        {
            slots.Add(lastStep.Slot!);
        }
        foreach (var original in slots.ToList())
        {
            var slot = original;
            var index = steps.Count - 2;
            while (slot.Level > 0)
            {
                if (index < 0)
                {
                    (path.SeekingParent ??= []).Add(slot);
                    break;
                }
                var step = steps[index--];
                while (index >= 0 && step.Focus is not null && steps[index].Focus is not null)
                {
                    step = steps[index--];
                }
                slot = SeekParent(step, slot);
            }
        }
    }

    private Node ProcessAst(Node expr)
    {
        Node result;
        switch (expr.Type)
        {
            case "binary":
                result = ProcessBinary(expr);
                break;
            case "unary":
                result = new Node { Type = expr.Type, Value = expr.Value, Position = expr.Position };
                if (expr.StringValue == "[")
                {
                    result.Expressions = expr.Expressions!.Select(item =>
                    {
                        var value = ProcessAst(item);
                        PushAncestry(result, value);
                        return value;
                    }).ToList();
                }
                else if (expr.StringValue == "{")
                {
                    result.Pairs = expr.Pairs!.Select(pair =>
                    {
                        var key = ProcessAst(pair.Key);
                        PushAncestry(result, key);
                        var value = ProcessAst(pair.Value);
                        PushAncestry(result, value);
                        return (key, value);
                    }).ToList();
                }
                else
                {
                    result.Expression = ProcessAst(expr.Expression!);
                    if (expr.StringValue == "-" && result.Expression.Type == "number")
                    {
                        result = result.Expression;
                        result.Value = -(double)result.Value!;
                    }
                    else
                    {
                        PushAncestry(result, result.Expression);
                    }
                }
                break;
            case "function":
            case "partial":
                result = new Node { Type = expr.Type, Value = expr.Value, Position = expr.Position };
                result.Arguments = expr.Arguments!.Select(arg =>
                {
                    var argAst = ProcessAst(arg);
                    PushAncestry(result, argAst);
                    return argAst;
                }).ToList();
                result.Procedure = ProcessAst(expr.Procedure!);
                break;
            case "lambda":
                result = new Node { Type = expr.Type, Arguments = expr.Arguments, Signature = expr.Signature, Position = expr.Position };
                result.Body = TailCallOptimize(ProcessAst(expr.Body!));
                break;
            case "condition":
                result = new Node { Type = expr.Type, Position = expr.Position };
                result.Condition = ProcessAst(expr.Condition!);
                PushAncestry(result, result.Condition);
                result.Then = ProcessAst(expr.Then!);
                PushAncestry(result, result.Then);
                if (expr.Else is not null)
                {
                    result.Else = ProcessAst(expr.Else);
                    PushAncestry(result, result.Else);
                }
                break;
            case "transform":
                result = new Node { Type = expr.Type, Position = expr.Position };
                result.Pattern = ProcessAst(expr.Pattern!);
                result.Update = ProcessAst(expr.Update!);
                if (expr.Delete is not null)
                {
                    result.Delete = ProcessAst(expr.Delete);
                }
                break;
            case "block":
                result = new Node { Type = expr.Type, Position = expr.Position };
                result.Expressions = expr.Expressions!.Select(item =>
                {
                    var part = ProcessAst(item);
                    PushAncestry(result, part);
                    if (part.ConsArray || (part.Type == "path" && part.Steps![0].ConsArray))
                    {
                        result.ConsArray = true;
                    }
                    return part;
                }).ToList();
                break;
            case "name":
                result = new Node { Type = "path", Steps = [expr], Position = expr.Position };
                if (expr.KeepArray)
                {
                    result.KeepSingletonArray = true;
                }
                break;
            case "parent":
                result = new Node
                {
                    Type = "parent",
                    Position = expr.Position,
                    Slot = new Slot { Label = "!" + _ancestorLabel++, Level = 1, Index = _ancestorIndex++ },
                };
                _ancestry.Add(result);
                break;
            case "string":
            case "number":
            case "value":
            case "wildcard":
            case "descendant":
            case "variable":
            case "regex":
                result = expr;
                break;
            case "operator":
                if (expr.StringValue is "and" or "or" or "in")
                {
                    expr.Type = "name";
                    result = ProcessAst(expr);
                }
                else if (expr.StringValue == "?")
                {
                    result = expr;
                }
                else
                {
                    throw new JsonataException("S0201") { Position = expr.Position, Token = TokenText(expr.Value) };
                }
                break;
            default:
                var code = expr.Id == "(end)" ? "S0207" : "S0206";
                throw new JsonataException(code) { Position = expr.Position, Token = TokenText(expr.Value) };
        }
        if (expr.KeepArray)
        {
            result.KeepArray = true;
        }
        return result;
    }

    private Node ProcessBinary(Node expr)
    {
        Node result;
        Node step;
        switch (expr.StringValue)
        {
            case ".":
                var lstep = ProcessAst(expr.Lhs!);
                result = lstep.Type == "path" ? lstep : new Node { Type = "path", Steps = [lstep], Position = lstep.Position };
                if (lstep.Type == "parent")
                {
                    result.SeekingParent = [lstep.Slot!];
                }
                var rest = ProcessAst(expr.Rhs!);
                if (rest.Type == "path")
                {
                    result.Steps!.AddRange(rest.Steps!);
                }
                else
                {
                    if (rest.Predicate is not null)
                    {
                        rest.Stages = rest.Predicate;
                        rest.Predicate = null;
                    }
                    result.Steps!.Add(rest);
                }
                foreach (var s in result.Steps!)
                {
                    if (s.Type is "number" or "value")
                    {
                        throw new JsonataException("S0213") { Position = s.Position }.WithValue(s.Value);
                    }
                    if (s.Type == "string")
                    {
                        s.Type = "name";
                    }
                }
                if (result.Steps.Any(s => s.KeepArray))
                {
                    result.KeepSingletonArray = true;
                }
                var first = result.Steps[0];
                if (first.Type == "unary" && first.StringValue == "[")
                {
                    first.ConsArray = true;
                }
                var last = result.Steps[^1];
                if (last.Type == "unary" && last.StringValue == "[")
                {
                    last.ConsArray = true;
                }
                ResolveAncestry(result);
                break;
            case "[":
                result = ProcessAst(expr.Lhs!);
                step = result;
                var usesStages = false;
                if (result.Type == "path")
                {
                    step = result.Steps![^1];
                    usesStages = true;
                }
                if (step.Group is not null)
                {
                    throw new JsonataException("S0209") { Position = expr.Position };
                }
                var predicate = ProcessAst(expr.Rhs!);
                if (predicate.SeekingParent is not null)
                {
                    foreach (var slot in predicate.SeekingParent)
                    {
                        if (slot.Level == 1)
                        {
                            SeekParent(step, slot);
                        }
                        else
                        {
                            slot.Level--;
                        }
                    }
                    PushAncestry(step, predicate);
                }
                var filter = new Node { Type = "filter", Expression = predicate, Position = expr.Position };
                if (usesStages)
                {
                    (step.Stages ??= []).Add(filter);
                }
                else
                {
                    (step.Predicate ??= []).Add(filter);
                }
                break;
            case "{":
                result = ProcessAst(expr.Lhs!);
                if (result.Group is not null)
                {
                    throw new JsonataException("S0210") { Position = expr.Position };
                }
                result.Group = new Node
                {
                    Type = "group",
                    Pairs = expr.Pairs!.Select(pair => (ProcessAst(pair.Key), ProcessAst(pair.Value))).ToList(),
                    Position = expr.Position,
                };
                break;
            case "^":
                result = ProcessAst(expr.Lhs!);
                if (result.Type != "path")
                {
                    result = new Node { Type = "path", Steps = [result], Position = result.Position };
                }
                var sortStep = new Node { Type = "sort", Position = expr.Position };
                sortStep.Terms = expr.Terms!.Select(term =>
                {
                    var expression = ProcessAst(term.Expression);
                    PushAncestry(sortStep, expression);
                    return (term.Descending, expression);
                }).ToList();
                result.Steps!.Add(sortStep);
                ResolveAncestry(result);
                break;
            case ":=":
                result = new Node { Type = "bind", Value = expr.Value, Position = expr.Position };
                result.Lhs = ProcessAst(expr.Lhs!);
                result.Rhs = ProcessAst(expr.Rhs!);
                PushAncestry(result, result.Rhs);
                break;
            case "@":
                result = ProcessAst(expr.Lhs!);
                step = result;
                if (result.Type == "path")
                {
                    step = result.Steps![^1];
                }
                if (step.Stages is not null || step.Predicate is not null)
                {
                    throw new JsonataException("S0215") { Position = expr.Position };
                }
                if (step.Type == "sort")
                {
                    throw new JsonataException("S0216") { Position = expr.Position };
                }
                if (expr.KeepArray)
                {
                    step.KeepArray = true;
                }
                step.Focus = expr.Rhs!.StringValue;
                step.Tuple = true;
                break;
            case "#":
                result = ProcessAst(expr.Lhs!);
                step = result;
                if (result.Type == "path")
                {
                    step = result.Steps![^1];
                }
                else
                {
                    result = new Node { Type = "path", Steps = [result], Position = result.Position };
                    if (step.Predicate is not null)
                    {
                        step.Stages = step.Predicate;
                        step.Predicate = null;
                    }
                }
                if (step.Stages is null)
                {
                    step.Index = expr.Rhs!.StringValue;
                }
                else
                {
                    step.Stages.Add(new Node { Type = "index", Value = expr.Rhs!.StringValue, Position = expr.Position });
                }
                step.Tuple = true;
                break;
            case "~>":
                result = new Node { Type = "apply", Value = expr.Value, Position = expr.Position };
                result.Lhs = ProcessAst(expr.Lhs!);
                result.Rhs = ProcessAst(expr.Rhs!);
                result.KeepArray = result.Lhs.KeepArray || result.Rhs.KeepArray;
                break;
            default:
                result = new Node { Type = expr.Type, Value = expr.Value, Position = expr.Position };
                result.Lhs = ProcessAst(expr.Lhs!);
                result.Rhs = ProcessAst(expr.Rhs!);
                PushAncestry(result, result.Lhs);
                PushAncestry(result, result.Rhs);
                break;
        }
        return result;
    }
}
