using System.Text.RegularExpressions;

namespace Sluice.Jsonata;

/// <summary>
/// A function signature such as <c>&lt;s-nn?:s&gt;</c>: validates the arguments of a call, substitutes the
/// context value for a missing '-' argument and wraps single values where an array is expected.
/// </summary>
internal sealed class Signature
{
    private static readonly Dictionary<char, string> s_plurals = new()
    {
        ['a'] = "arrays",
        ['b'] = "booleans",
        ['f'] = "functions",
        ['n'] = "numbers",
        ['o'] = "objects",
        ['s'] = "strings",
    };

    private readonly List<Param> _params;
    private readonly Regex _regex;

    private Signature(string definition, List<Param> parameters)
    {
        Definition = definition;
        _params = parameters;
        _regex = new Regex("^" + string.Concat(parameters.Select(p => "(" + p.Regex + ")")) + "$", RegexOptions.CultureInvariant);
    }

    public string Definition { get; }

    public int ParameterCount => _params.Count;

    private sealed class Param
    {
        public string Regex { get; set; } = "";

        public string Type { get; set; } = "";

        public bool Array { get; set; }

        public bool Context { get; set; }

        public Regex? ContextRegex { get; set; }

        public string? Subtype { get; set; }
    }

    public static Signature Parse(string signature)
    {
        var position = 1;
        var parameters = new List<Param>();
        var param = new Param();
        var prev = param;
        void Next()
        {
            parameters.Add(param);
            prev = param;
            param = new Param();
        }
        while (position < signature.Length)
        {
            var symbol = signature[position];
            if (symbol == ':')
            {
                break;
            }
            switch (symbol)
            {
                case 's':
                case 'n':
                case 'b':
                case 'l':
                case 'o':
                    param.Regex = "[" + symbol + "m]";
                    param.Type = symbol.ToString();
                    Next();
                    break;
                case 'a':
                    param.Regex = "[asnblfom]";
                    param.Type = "a";
                    param.Array = true;
                    Next();
                    break;
                case 'f':
                    param.Regex = "f";
                    param.Type = "f";
                    Next();
                    break;
                case 'j':
                    param.Regex = "[asnblom]";
                    param.Type = "j";
                    Next();
                    break;
                case 'x':
                    param.Regex = "[asnblfom]";
                    param.Type = "x";
                    Next();
                    break;
                case '-':
                    prev.Context = true;
                    prev.ContextRegex = new Regex("^" + prev.Regex, RegexOptions.CultureInvariant);
                    prev.Regex += "?";
                    break;
                case '?':
                case '+':
                    prev.Regex += symbol;
                    break;
                case '(':
                    var endParen = FindClosingBracket(signature, position, '(', ')');
                    var choice = signature[(position + 1)..endParen];
                    if (choice.Contains('<', StringComparison.Ordinal))
                    {
                        throw new JsonataException("S0402") { Index = position }.WithValue(choice);
                    }
                    param.Regex = "[" + choice + "m]";
                    param.Type = "(" + choice + ")";
                    position = endParen;
                    Next();
                    break;
                case '<':
                    if (prev.Type is "a" or "f")
                    {
                        var endPos = FindClosingBracket(signature, position, '<', '>');
                        prev.Subtype = signature[(position + 1)..endPos];
                        position = endPos;
                    }
                    else
                    {
                        throw new JsonataException("S0401") { Index = position }.WithValue(prev.Type);
                    }
                    break;
            }
            position++;
        }
        return new Signature(signature, parameters);
    }

    private static int FindClosingBracket(string str, int start, char open, char close)
    {
        var depth = 1;
        var position = start;
        while (position < str.Length)
        {
            position++;
            var symbol = position < str.Length ? str[position] : '\0';
            if (symbol == close)
            {
                depth--;
                if (depth == 0)
                {
                    break;
                }
            }
            else if (symbol == open)
            {
                depth++;
            }
        }
        return position;
    }

    public static char SymbolOf(object? value) => value switch
    {
        JsonataFunction => 'f',
        string => 's',
        double => 'n',
        bool => 'b',
        JsonataNull => 'l',
        JsonataArray => 'a',
        JsonataObject => 'o',
        _ => 'm',
    };

    public List<object?> Validate(IReadOnlyList<object?> args, object? context)
    {
        var supplied = string.Concat(args.Select(SymbolOf));
        var isValid = _regex.Match(supplied);
        if (!isValid.Success)
        {
            throw ValidationError(args, supplied);
        }
        var validated = new List<object?>();
        var argIndex = 0;
        for (var index = 0; index < _params.Count; index++)
        {
            var param = _params[index];
            var arg = argIndex < args.Count ? args[argIndex] : null;
            var match = isValid.Groups[index + 1].Value;
            if (match.Length == 0)
            {
                if (param.Context && param.ContextRegex is not null)
                {
                    var contextType = SymbolOf(context).ToString();
                    if (param.ContextRegex.IsMatch(contextType))
                    {
                        validated.Add(context);
                    }
                    else
                    {
                        throw new JsonataException("T0411") { Index = argIndex + 1 }.WithValue(context);
                    }
                }
                else
                {
                    validated.Add(arg);
                    argIndex++;
                }
                continue;
            }
            foreach (var single in match)
            {
                arg = argIndex < args.Count ? args[argIndex] : null;
                if (param.Type == "a")
                {
                    if (single == 'm')
                    {
                        arg = null;
                    }
                    else
                    {
                        var arrayOk = true;
                        if (param.Subtype is not null)
                        {
                            if (single != 'a' && match != param.Subtype)
                            {
                                arrayOk = false;
                            }
                            else if (single == 'a' && arg is JsonataArray array && array.Count > 0)
                            {
                                var itemType = SymbolOf(array[0]);
                                arrayOk = itemType == param.Subtype[0] && array.All(v => SymbolOf(v) == itemType);
                            }
                        }
                        if (!arrayOk)
                        {
                            throw new JsonataException("T0412")
                            {
                                Index = argIndex + 1,
                                TypeName = s_plurals.GetValueOrDefault(param.Subtype![0]),
                            }.WithValue(arg);
                        }
                        if (single != 'a')
                        {
                            arg = new JsonataArray { arg };
                        }
                    }
                }
                validated.Add(arg);
                argIndex++;
            }
        }
        return validated;
    }

    private JsonataException ValidationError(IReadOnlyList<object?> args, string supplied)
    {
        var partial = "^";
        var goodTo = 0;
        foreach (var param in _params)
        {
            partial += param.Regex;
            var match = Regex.Match(supplied, partial, RegexOptions.CultureInvariant);
            if (!match.Success)
            {
                return new JsonataException("T0410") { Index = goodTo + 1 }.WithValue(goodTo < args.Count ? args[goodTo] : null);
            }
            goodTo = match.Length;
        }
        return new JsonataException("T0410") { Index = goodTo + 1 }.WithValue(goodTo < args.Count ? args[goodTo] : null);
    }
}
