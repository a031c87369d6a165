using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Jsonata;

/// <summary>Splits an expression into tokens, one at a time, as the parser asks for them.</summary>
internal sealed partial class Tokenizer
{
    public static readonly IReadOnlyDictionary<string, int> Operators = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["."] = 75,
        ["["] = 80,
        ["]"] = 0,
        ["{"] = 70,
        ["}"] = 0,
        ["("] = 80,
        [")"] = 0,
        [","] = 0,
        ["@"] = 80,
        ["#"] = 80,
        [";"] = 80,
        [":"] = 80,
        ["?"] = 20,
        ["+"] = 50,
        ["-"] = 50,
        ["*"] = 60,
        ["/"] = 60,
        ["%"] = 60,
        ["|"] = 20,
        ["="] = 40,
        ["<"] = 40,
        [">"] = 40,
        ["^"] = 40,
        ["**"] = 60,
        [".."] = 20,
        [":="] = 10,
        ["!="] = 40,
        ["<="] = 40,
        [">="] = 40,
        ["~>"] = 40,
        ["?:"] = 40,
        ["??"] = 40,
        ["and"] = 30,
        ["or"] = 25,
        ["in"] = 40,
        ["&"] = 50,
        ["!"] = 0,
        ["~"] = 0,
    };

    private const string SingleCharOperators = ".[]{}(),@#;:?+-*/%|=<>^&!~";
    private const string Whitespace = " \t\n\r\v";

    private readonly string _path;
    private int _position;

    public Tokenizer(string path)
    {
        _path = path;
    }

    private char At(int index) => index >= 0 && index < _path.Length ? _path[index] : '\0';

    /// <summary>The next token, or null at the end. A '/' is a regex when an operand is expected (prefix false).</summary>
    public Token? Next(bool prefix)
    {
        if (_position >= _path.Length)
        {
            return null;
        }
        var current = At(_position);
        while (_position < _path.Length && Whitespace.Contains(current, StringComparison.Ordinal))
        {
            _position++;
            current = At(_position);
        }
        if (current == '/' && At(_position + 1) == '*')
        {
            var commentStart = _position;
            _position += 2;
            current = At(_position);
            while (!(current == '*' && At(_position + 1) == '/'))
            {
                current = At(++_position);
                if (_position >= _path.Length)
                {
                    throw new JsonataException("S0106") { Position = commentStart };
                }
            }
            _position += 2;
            return Next(prefix);
        }
        if (!prefix && current == '/')
        {
            _position++;
            var start = _position - 1;
            return new Token("regex", ScanRegex(), start);
        }
        var two = _position + 1 < _path.Length ? _path.Substring(_position, 2) : "";
        switch (two)
        {
            case "..":
            case ":=":
            case "!=":
            case ">=":
            case "<=":
            case "**":
            case "~>":
            case "?:":
            case "??":
                _position += 2;
                return new Token("operator", two, _position - 2);
        }
        if (_position < _path.Length && SingleCharOperators.Contains(current, StringComparison.Ordinal))
        {
            _position++;
            return new Token("operator", current.ToString(), _position - 1);
        }
        if (current is '"' or '\'')
        {
            return ScanString(current);
        }
        var match = NumberPattern().Match(_path, _position);
        if (match.Success && match.Index == _position)
        {
            var number = double.Parse(match.Value, CultureInfo.InvariantCulture);
            if (double.IsFinite(number))
            {
                _position += match.Length;
                return new Token("number", number, _position - match.Length);
            }
            throw new JsonataException("S0102") { Position = _position, Token = match.Value };
        }
        if (current == '`')
        {
            _position++;
            var end = _path.IndexOf('`', _position);
            if (end != -1)
            {
                var quoted = _path[_position..end];
                var start = _position - 1;
                _position = end + 1;
                return new Token("name", quoted, start);
            }
            _position = _path.Length;
            throw new JsonataException("S0105") { Position = _position };
        }
        var i = _position;
        while (true)
        {
            var ch = At(i);
            if (i == _path.Length || Whitespace.Contains(ch, StringComparison.Ordinal) || SingleCharOperators.Contains(ch, StringComparison.Ordinal))
            {
                var start = _position;
                if (At(_position) == '$')
                {
                    var variable = _path.Substring(_position + 1, i - _position - 1);
                    _position = i;
                    return new Token("variable", variable, start);
                }
                var name = _path[_position..i];
                _position = i;
                switch (name)
                {
                    case "or":
                    case "in":
                    case "and":
                        return new Token("operator", name, start);
                    case "true":
                        return new Token("value", true, start);
                    case "false":
                        return new Token("value", false, start);
                    case "null":
                        return new Token("value", JsonataNull.Value, start);
                    default:
                        if (_position == _path.Length && name.Length == 0)
                        {
                            return null;
                        }
                        return new Token("name", name, start);
                }
            }
            i++;
        }
    }

    private Token ScanString(char quote)
    {
        var start = _position;
        _position++;
        var text = new StringBuilder();
        while (_position < _path.Length)
        {
            var current = At(_position);
            if (current == '\\')
            {
                _position++;
                current = At(_position);
                switch (current)
                {
                    case '"': text.Append('"'); break;
                    case '\\': text.Append('\\'); break;
                    case '/': text.Append('/'); break;
                    case 'b': text.Append('\b'); break;
                    case 'f': text.Append('\f'); break;
                    case 'n': text.Append('\n'); break;
                    case 'r': text.Append('\r'); break;
                    case 't': text.Append('\t'); break;
                    case 'u':
                        var octets = _position + 5 <= _path.Length ? _path.Substring(_position + 1, 4) : "";
                        if (octets.Length == 4 && octets.All(char.IsAsciiHexDigit))
                        {
                            text.Append((char)int.Parse(octets, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                            _position += 4;
                        }
                        else
                        {
                            throw new JsonataException("S0104") { Position = _position };
                        }
                        break;
                    default:
                        throw new JsonataException("S0103") { Position = _position, Token = current.ToString() };
                }
            }
            else if (current == quote)
            {
                _position++;
                return new Token("string", text.ToString(), start);
            }
            else
            {
                text.Append(current);
            }
            _position++;
        }
        throw new JsonataException("S0101") { Position = _position };
    }

    private RegexLiteral ScanRegex()
    {
        var start = _position;
        var depth = 0;
        while (_position < _path.Length)
        {
            var current = At(_position);
            if (IsClosingSlash(_position, depth))
            {
                var pattern = _path[start.._position];
                if (pattern.Length == 0)
                {
                    throw new JsonataException("S0301") { Position = _position };
                }
                _position++;
                var flagStart = _position;
                while (At(_position) is 'i' or 'm')
                {
                    _position++;
                }
                return new RegexLiteral(pattern, _path[flagStart.._position]);
            }
            if (current is '(' or '[' or '{' && At(_position - 1) != '\\')
            {
                depth++;
            }
            if (current is ')' or ']' or '}' && At(_position - 1) != '\\')
            {
                depth--;
            }
            _position++;
        }
        throw new JsonataException("S0302") { Position = _position };
    }

    private bool IsClosingSlash(int position, int depth)
    {
        if (At(position) == '/' && depth == 0)
        {
            var backslashes = 0;
            while (At(position - (backslashes + 1)) == '\\')
            {
                backslashes++;
            }
            return backslashes % 2 == 0;
        }
        return false;
    }

    [GeneratedRegex(@"\G-?(0|([1-9][0-9]*))(\.[0-9]+)?([Ee][-+]?[0-9]+)?")]
    private static partial Regex NumberPattern();
}
