using System.Globalization;
using Sluice.LocalCloud.CloudFormation.Template;

namespace Sluice.LocalCloud.CodeDeploy;

/// <summary>
/// The arithmetic part of CloudWatch metric math: numbers, other queries' ids, <c>+ - * /</c>, unary
/// minus and parentheses (e.g. <c>100 * errors / invocations</c>). A term without data, or a division
/// by zero, gives no datapoint for the period, as CloudWatch drops it. Functions (FILL, IF, ...) are
/// refused with the expression named.
/// </summary>
internal sealed class MetricExpression
{
    private readonly string _text;
    private readonly Node _root;

    private MetricExpression(string text, Node root)
    {
        _text = text;
        _root = root;
    }

    public static MetricExpression Parse(string text, string where)
    {
        var parser = new Parser(text, where);
        var root = parser.Sum();
        parser.End();
        return new MetricExpression(text, root);
    }

    public double? Evaluate(IReadOnlyDictionary<string, double?> values) => _root.Evaluate(values);

    public override string ToString() => _text;

    private abstract record Node
    {
        public abstract double? Evaluate(IReadOnlyDictionary<string, double?> values);
    }

    private sealed record Number(double Value) : Node
    {
        public override double? Evaluate(IReadOnlyDictionary<string, double?> values) => Value;
    }

    private sealed record Reference(string Id, string Where) : Node
    {
        public override double? Evaluate(IReadOnlyDictionary<string, double?> values) =>
            values.TryGetValue(Id, out var v) ? v : throw new TemplateException($"{Where}: the expression refers to {Id}, which is not a query defined before it");
    }

    private sealed record Negate(Node Operand) : Node
    {
        public override double? Evaluate(IReadOnlyDictionary<string, double?> values) => -Operand.Evaluate(values);
    }

    private sealed record Binary(char Operator, Node Left, Node Right) : Node
    {
        public override double? Evaluate(IReadOnlyDictionary<string, double?> values)
        {
            if (Left.Evaluate(values) is not { } l || Right.Evaluate(values) is not { } r)
            {
                return null;
            }
            return Operator switch
            {
                '+' => l + r,
                '-' => l - r,
                '*' => l * r,
                _ => r == 0 ? null : l / r,
            };
        }
    }

    private sealed class Parser(string text, string where)
    {
        private int _at;

        public Node Sum()
        {
            var left = Product();
            while (Peek() is '+' or '-')
            {
                var op = text[_at++];
                left = new Binary(op, left, Product());
            }
            return left;
        }

        private Node Product()
        {
            var left = Unary();
            while (Peek() is '*' or '/')
            {
                var op = text[_at++];
                left = new Binary(op, left, Unary());
            }
            return left;
        }

        private Node Unary()
        {
            if (Peek() == '-')
            {
                _at++;
                return new Negate(Unary());
            }
            if (Peek() == '(')
            {
                _at++;
                var inner = Sum();
                if (Peek() != ')')
                {
                    throw Error("a ')'");
                }
                _at++;
                return inner;
            }
            var start = _at;
            if (_at < text.Length && (char.IsAsciiDigit(text[_at]) || text[_at] == '.'))
            {
                while (_at < text.Length && (char.IsAsciiDigit(text[_at]) || text[_at] is '.' or 'e' or 'E'))
                {
                    _at++;
                }
                return double.TryParse(text.AsSpan(start, _at - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? new Number(n) : throw Error("a number");
            }
            while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] == '_'))
            {
                _at++;
            }
            if (_at == start)
            {
                throw Error("a number, a query id or '('");
            }
            var id = text[start.._at];
            if (Peek() == '(')
            {
                throw new TemplateException($"{where}: metric math function {id}() in '{text}' is not evaluated by the local cloud (arithmetic on query ids is)");
            }
            return new Reference(id, where);
        }

        public void End()
        {
            if (Peek() is { } c)
            {
                throw Error($"the end, not '{c}'");
            }
        }

        private char? Peek()
        {
            while (_at < text.Length && text[_at] == ' ')
            {
                _at++;
            }
            return _at < text.Length ? text[_at] : null;
        }

        private TemplateException Error(string expected) =>
            new($"{where}: expected {expected} at position {_at.ToString(CultureInfo.InvariantCulture)} of '{text}'");
    }
}
