using System.Text.Json.Nodes;

namespace Sluice.Jsonata;

/// <summary>A parsed JSONata expression, ready to evaluate against any number of inputs.</summary>
public sealed class JsonataExpression
{
    private static readonly Frame s_library = CreateLibrary();

    private readonly Node _ast;

    private JsonataExpression(string source, Node ast)
    {
        Source = source;
        _ast = ast;
    }

    public string Source { get; }

    /// <summary>Parses an expression; a syntax error throws <see cref="JsonataException"/> with its S0xxx code.</summary>
    public static JsonataExpression Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return new JsonataExpression(expression, Parser.Parse(expression));
    }

    /// <summary>Evaluates against JSON input; undefined (no result) is returned as C# null with <paramref name="isDefined"/> false.</summary>
    public JsonNode? Evaluate(JsonNode? input, out bool isDefined, IReadOnlyDictionary<string, object?>? bindings = null, JsonataOptions? options = null)
    {
        var result = EvaluateValue(JsonValues.FromNode(input), bindings, options);
        isDefined = result is not null;
        return JsonValues.ToNode(result);
    }

    /// <summary>
    /// Evaluates against a JSONata value (see <see cref="JsonValues"/>); C# null input is "no input".
    /// Bindings are variables by name without '$': values, or functions such as <see cref="NativeFunction.Create"/>.
    /// </summary>
    public object? EvaluateValue(object? input, IReadOnlyDictionary<string, object?>? bindings = null, JsonataOptions? options = null)
    {
        var evaluator = new Evaluator(options ?? new JsonataOptions(), DateTimeOffset.UtcNow);
        var environment = new Frame(s_library);
        if (bindings is not null)
        {
            foreach (var (name, value) in bindings)
            {
                environment.Bind(name, value);
            }
        }
        environment.Bind("$", input);
        if (input is JsonataArray { Sequence: false } array)
        {
            input = new JsonataArray { array };
            ((JsonataArray)input).Sequence = true;
            ((JsonataArray)input).OuterWrapper = true;
        }
        return evaluator.Evaluate(_ast, input, environment);
    }

    private static Frame CreateLibrary()
    {
        var frame = new Frame(null);
        foreach (var function in BuiltIns.All())
        {
            frame.Bind(function.Name, function);
        }
        return frame;
    }
}
