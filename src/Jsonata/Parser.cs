namespace Sluice.Jsonata;

/// <summary>
/// Top-down operator precedence (Pratt) parser producing the syntax tree the evaluator runs, after the
/// post-parse pass in Parser.Ast.cs has turned '.' and '[' chains into paths with steps and stages.
/// </summary>
internal sealed partial class Parser
{
    private static readonly Dictionary<string, int> s_bindingPowers = new(StringComparer.Ordinal)
    {
        ["."] = 75,
        ["+"] = 50,
        ["-"] = 50,
        ["*"] = 60,
        ["/"] = 60,
        ["%"] = 60,
        ["="] = 40,
        ["<"] = 40,
        [">"] = 40,
        ["!="] = 40,
        ["<="] = 40,
        [">="] = 40,
        ["&"] = 50,
        ["and"] = 30,
        ["or"] = 25,
        ["in"] = 40,
        ["~>"] = 40,
        ["??"] = 40,
        ["("] = 80,
        ["["] = 80,
        ["^"] = 40,
        ["{"] = 70,
        [":="] = 10,
        ["@"] = 80,
        ["#"] = 80,
        ["?"] = 20,
        ["?:"] = 40,
    };

    private static readonly HashSet<string> s_symbols = new(StringComparer.Ordinal)
    {
        ":", ";", ",", ")", "]", "}", "..", "**", "|",
    };

    private readonly string _source;
    private readonly Tokenizer _lexer;
    private Node _node = null!;

    private Parser(string source)
    {
        _source = source;
        _lexer = new Tokenizer(source);
    }

    public static Node Parse(string source)
    {
        var parser = new Parser(source);
        parser.Advance();
        var expr = parser.Expression(0);
        if (parser._node.Id != "(end)")
        {
            throw new JsonataException("S0201") { Position = parser._node.Position, Token = TokenText(parser._node.Value) };
        }
        expr = parser.ProcessAst(expr);
        if (expr.Type == "parent" || expr.SeekingParent is not null)
        {
            throw new JsonataException("S0217") { Position = expr.Position, Token = expr.Type };
        }
        return expr;
    }

    internal static string? TokenText(object? value) => value switch
    {
        null => null,
        string s => s,
        double d => JsNumber.ToString(d),
        bool b => b ? "true" : "false",
        JsonataNull => "null",
        RegexLiteral r => "/" + r.Pattern + "/",
        _ => value.ToString(),
    };

    private static int Lbp(Node node) => node.Id is not null && s_bindingPowers.TryGetValue(node.Id, out var bp) && node.Type == "operator" ? bp : 0;

    private Node Advance(string? id = null, bool infix = false)
    {
        if (id is not null && _node.Id != id)
        {
            var code = _node.Id == "(end)" ? "S0203" : "S0202";
            throw new JsonataException(code) { Position = _node.Position, Token = TokenText(_node.Value) }.WithValue(id);
        }
        var token = _lexer.Next(infix);
        if (token is null)
        {
            _node = new Node { Type = "end", Id = "(end)", Position = _source.Length, Value = "(end)" };
            return _node;
        }
        string symbolId;
        switch (token.Type)
        {
            case "name":
            case "variable":
                symbolId = "(name)";
                break;
            case "operator":
                symbolId = (string)token.Value!;
                if (!s_bindingPowers.ContainsKey(symbolId) && !s_symbols.Contains(symbolId))
                {
                    throw new JsonataException("S0204") { Position = token.Position, Token = symbolId };
                }
                break;
            case "regex":
                symbolId = "(regex)";
                break;
            default:
                symbolId = "(literal)";
                break;
        }
        _node = new Node { Type = token.Type, Id = symbolId, Value = token.Value, Position = token.Position };
        return _node;
    }

    private Node Expression(int rbp)
    {
        var t = _node;
        Advance(null, true);
        var left = Nud(t);
        while (rbp < Lbp(_node))
        {
            t = _node;
            Advance();
            left = Led(t, left);
        }
        return left;
    }

    private Node Nud(Node t)
    {
        switch (t.Id)
        {
            case "(end)":
            case "(name)":
            case "(literal)":
            case "(regex)":
                return t;
            case "and":
            case "or":
            case "in":
                return t;
            case "-":
                t.Expression = Expression(70);
                t.Type = "unary";
                return t;
            case "*":
                t.Type = "wildcard";
                return t;
            case "**":
                t.Type = "descendant";
                return t;
            case "%":
                t.Type = "parent";
                return t;
            case "(":
                return Block(t);
            case "[":
                return ArrayConstructor(t);
            case "{":
                return ObjectParser(t, null);
            case "|":
                t.Type = "transform";
                t.Pattern = Expression(0);
                Advance("|");
                t.Update = Expression(0);
                if (_node.Id == ",")
                {
                    Advance(",");
                    t.Delete = Expression(0);
                }
                Advance("|");
                return t;
            default:
                throw new JsonataException("S0211") { Position = t.Position, Token = TokenText(t.Value) };
        }
    }

    private Node Led(Node t, Node left)
    {
        switch (t.Id)
        {
            case "(":
                return FunctionCall(t, left);
            case "[":
                return Filter(t, left);
            case "^":
                return OrderBy(t, left);
            case "{":
                return ObjectParser(t, left);
            case ":=":
                if (left.Type != "variable")
                {
                    throw new JsonataException("S0212") { Position = left.Position, Token = TokenText(left.Value) };
                }
                t.Lhs = left;
                t.Rhs = Expression(s_bindingPowers[":="] - 1);
                t.Type = "binary";
                return t;
            case "@":
            case "#":
                t.Lhs = left;
                t.Rhs = Expression(s_bindingPowers[t.Id]);
                if (t.Rhs.Type != "variable")
                {
                    throw new JsonataException("S0214") { Position = t.Rhs.Position, Token = t.Id };
                }
                t.Type = "binary";
                return t;
            case "?":
                t.Type = "condition";
                t.Condition = left;
                t.Then = Expression(0);
                if (_node.Id == ":")
                {
                    Advance(":");
                    t.Else = Expression(0);
                }
                return t;
            case "?:":
                t.Type = "condition";
                t.Condition = left.DeepCopy();
                t.Then = left;
                t.Else = Expression(0);
                return t;
            case "??":
                t.Type = "condition";
                t.Condition = new Node
                {
                    Type = "function",
                    Value = "(",
                    Position = t.Position,
                    Procedure = new Node { Type = "variable", Value = "exists", Position = t.Position },
                    Arguments = [left.DeepCopy()],
                };
                t.Then = left;
                t.Else = Expression(0);
                return t;
            default:
                if (t.Id is not null && s_bindingPowers.TryGetValue(t.Id, out var bp))
                {
                    t.Lhs = left;
                    t.Rhs = Expression(bp);
                    t.Type = "binary";
                    return t;
                }
                throw new JsonataException("S0201") { Position = t.Position, Token = TokenText(t.Value) };
        }
    }

    private Node FunctionCall(Node t, Node left)
    {
        t.Procedure = left;
        t.Type = "function";
        t.Arguments = [];
        if (_node.Id != ")")
        {
            while (true)
            {
                if (_node.Type == "operator" && _node.Id == "?")
                {
                    t.Type = "partial";
                    t.Arguments.Add(_node);
                    Advance("?");
                }
                else
                {
                    t.Arguments.Add(Expression(0));
                }
                if (_node.Id != ",")
                {
                    break;
                }
                Advance(",");
            }
        }
        Advance(")", true);
        if (left.Type == "name" && (left.StringValue == "function" || left.StringValue == "\u03BB"))
        {
            for (var i = 0; i < t.Arguments.Count; i++)
            {
                var arg = t.Arguments[i];
                if (arg.Type != "variable")
                {
                    throw new JsonataException("S0208") { Position = arg.Position, Token = TokenText(arg.Value) }.WithValue((double)(i + 1));
                }
            }
            t.Type = "lambda";
            if (_node.Id == "<")
            {
                var sigPos = _node.Position;
                var depth = 1;
                var sig = "<";
                while (depth > 0 && _node.Id != "{" && _node.Id != "(end)")
                {
                    var tok = Advance();
                    if (tok.Id == ">")
                    {
                        depth--;
                    }
                    else if (tok.Id == "<")
                    {
                        depth++;
                    }
                    sig += TokenText(tok.Value);
                }
                Advance(">");
                try
                {
                    t.Signature = Signature.Parse(sig);
                }
                catch (JsonataException err)
                {
                    err.Position = sigPos + (err.Index ?? 0);
                    throw;
                }
            }
            Advance("{");
            t.Body = Expression(0);
            Advance("}");
        }
        return t;
    }

    private Node Block(Node t)
    {
        var expressions = new List<Node>();
        while (_node.Id != ")")
        {
            expressions.Add(Expression(0));
            if (_node.Id != ";")
            {
                break;
            }
            Advance(";");
        }
        Advance(")", true);
        t.Type = "block";
        t.Expressions = expressions;
        return t;
    }

    private Node ArrayConstructor(Node t)
    {
        var items = new List<Node>();
        if (_node.Id != "]")
        {
            while (true)
            {
                var item = Expression(0);
                if (_node.Id == "..")
                {
                    var range = new Node { Type = "binary", Value = "..", Position = _node.Position, Lhs = item };
                    Advance("..");
                    range.Rhs = Expression(0);
                    item = range;
                }
                items.Add(item);
                if (_node.Id != ",")
                {
                    break;
                }
                Advance(",");
            }
        }
        Advance("]", true);
        t.Expressions = items;
        t.Type = "unary";
        return t;
    }

    private Node Filter(Node t, Node left)
    {
        if (_node.Id == "]")
        {
            var step = left;
            while (step is { Type: "binary", Value: "[" })
            {
                step = step.Lhs!;
            }
            step.KeepArray = true;
            Advance("]");
            return left;
        }
        t.Lhs = left;
        t.Rhs = Expression(0);
        t.Type = "binary";
        Advance("]", true);
        return t;
    }

    private Node OrderBy(Node t, Node left)
    {
        Advance("(");
        var terms = new List<(bool, Node)>();
        while (true)
        {
            var descending = false;
            if (_node.Id == "<")
            {
                Advance("<");
            }
            else if (_node.Id == ">")
            {
                descending = true;
                Advance(">");
            }
            terms.Add((descending, Expression(0)));
            if (_node.Id != ",")
            {
                break;
            }
            Advance(",");
        }
        Advance(")");
        t.Lhs = left;
        t.Terms = terms;
        t.Type = "binary";
        return t;
    }

    private Node ObjectParser(Node t, Node? left)
    {
        var pairs = new List<(Node, Node)>();
        if (_node.Id != "}")
        {
            while (true)
            {
                var n = Expression(0);
                Advance(":");
                var v = Expression(0);
                pairs.Add((n, v));
                if (_node.Id != ",")
                {
                    break;
                }
                Advance(",");
            }
        }
        Advance("}", true);
        if (left is null)
        {
            t.Pairs = pairs;
            t.Type = "unary";
        }
        else
        {
            t.Lhs = left;
            t.Pairs = pairs;
            t.Type = "binary";
        }
        return t;
    }
}
